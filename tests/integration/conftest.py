"""Backends for the integration suite: `memory` (the fakes), `sqlite` (a migrated file per test)
and `postgres` (one migrated database per session, truncated between tests).

PostgreSQL: JINLIN_TEST_PG_URL is the admin connection (default below). When the server is
unreachable the postgres cases skip, unless JINLIN_REQUIRE_POSTGRES=1 (CI), where they fail.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers.ports import UnitOfWorkFactory
from storage import migrate
from storage.engine import create_engine
from storage.outbox_queue import SqlOutboxQueue
from storage.queue import OutboxQueue
from storage.tables import metadata
from storage.uow import sql_uow_factory
from tests.fakes import FakeOutboxQueue, FakeUnitOfWorkFactory

PG_ADMIN_URL = os.environ.get("JINLIN_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
REQUIRE_PG = os.environ.get("JINLIN_REQUIRE_POSTGRES") == "1"


@dataclass
class Backend:
    name: str
    uow: UnitOfWorkFactory
    queue: OutboxQueue
    engine: AsyncEngine | None = None
    url: str | None = None


def _blocking(coro: Coroutine[Any, Any, None]) -> None:
    """Run setup outside the test's event loop (session fixtures are reached from async ones)."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coro).result()


async def _admin(sql: str) -> None:
    import asyncpg  # type: ignore[import-untyped]  # only the postgres cases need it

    url = make_url(PG_ADMIN_URL).set(drivername="postgresql")
    connection = await asyncpg.connect(url.render_as_string(hide_password=False), timeout=5)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, migrated database for this test session, dropped at the end."""
    name = f"jinlin_test_{secrets.token_hex(4)}"
    try:
        _blocking(_admin(f'CREATE DATABASE "{name}"'))
    except (TimeoutError, OSError, ConnectionError) as exc:
        reason = f"PostgreSQL unreachable at {PG_ADMIN_URL}: {exc!r}"
        if REQUIRE_PG:
            pytest.fail(f"{reason} (JINLIN_REQUIRE_POSTGRES=1)")
        pytest.skip(f"{reason}; set JINLIN_REQUIRE_POSTGRES=1 to make this a failure")
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        _blocking(migrate.upgrade(url))
        yield url
    finally:
        _blocking(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def sqlite_backend(tmp_path: Path) -> Backend:
    url = f"sqlite+aiosqlite:///{tmp_path / 'jinlin.db'}"
    await migrate.upgrade(url)
    engine = create_engine(url)
    return Backend("sqlite", sql_uow_factory(engine), SqlOutboxQueue.from_engine(engine), engine, url)


async def postgres_backend(url: str) -> Backend:
    engine = create_engine(url)
    tables = ", ".join(t.name for t in metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    return Backend("postgres", sql_uow_factory(engine), SqlOutboxQueue.from_engine(engine), engine, url)


def memory_backend() -> Backend:
    factory = FakeUnitOfWorkFactory()
    return Backend("memory", factory, FakeOutboxQueue(factory))


@pytest_asyncio.fixture(params=["memory", "sqlite", "postgres"])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    yield_backend = await _make(request, str(request.param), tmp_path)
    try:
        yield yield_backend
    finally:
        if yield_backend.engine is not None:
            await yield_backend.engine.dispose()


@pytest_asyncio.fixture(params=["sqlite", "postgres"])
async def sql_backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    made = await _make(request, str(request.param), tmp_path)
    try:
        yield made
    finally:
        assert made.engine is not None
        await made.engine.dispose()


@pytest_asyncio.fixture
async def pg_backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    made = await _make(request, "postgres", tmp_path)
    try:
        yield made
    finally:
        assert made.engine is not None
        await made.engine.dispose()


async def _make(request: pytest.FixtureRequest, name: str, tmp_path: Path) -> Backend:
    if name == "memory":
        return memory_backend()
    if name == "sqlite":
        return await sqlite_backend(tmp_path)
    return await postgres_backend(request.getfixturevalue("postgres_url"))


@pytest.fixture
def uow_factory(backend: Backend) -> UnitOfWorkFactory:
    return backend.uow
