"""The hand-written migrations must build exactly the schema tables.py describes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from storage import migrate
from storage.engine import create_engine
from storage.tables import metadata
from tests.integration.conftest import Backend

pytestmark = pytest.mark.asyncio


def _diffs(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


async def test_upgraded_schema_matches_metadata(sql_backend: Backend) -> None:
    assert sql_backend.url is not None and sql_backend.engine is not None
    head = ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
    assert await migrate.current(sql_backend.url) == head
    async with sql_backend.engine.connect() as connection:
        assert await connection.run_sync(_diffs) == []


async def test_sqlite_upgrade_downgrade_upgrade(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir("/")  # no alembic.ini needed, any working directory
    url = f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
    assert await migrate.current(url) is None
    await migrate.upgrade(url)
    await migrate.upgrade(url)  # idempotent
    await migrate.downgrade(url, "base")
    assert await migrate.current(url) is None
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            left = await connection.run_sync(lambda c: inspect(c).get_table_names())
        assert left == ["alembic_version"]
    finally:
        await engine.dispose()
    await migrate.upgrade(url)
    assert await migrate.current(url) == ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()


async def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    try:
        async with engine.connect() as connection:
            journal = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
            keys = (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar()
            busy = (await connection.exec_driver_sql("PRAGMA busy_timeout")).scalar()
        # busy_timeout 0: a locked database is waited for on the event loop, not inside SQLite
        # (storage/sqlite_inline.py; tests/integration/test_sqlite_inline.py).
        assert (journal, keys, busy) == ("wal", 1, 0)
    finally:
        await engine.dispose()
