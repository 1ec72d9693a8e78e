"""SQLite runs on the loop's thread (storage/sqlite_inline.py); a write lock held elsewhere is
waited for on the loop, which goes on meanwhile, and fails as "database is locked" in the end."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from storage import engine as engines


def _setup(db: Path) -> None:
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE t (x INTEGER)")


def _hold_write_lock(db: Path) -> sqlite3.Connection:
    """Another process's writer, as far as SQLite can tell: its own connection in BEGIN IMMEDIATE."""
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (1)")
    return holder


async def test_statements_run_on_the_loops_thread(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    _setup(db)
    engine = engines.create_engine(f"sqlite+aiosqlite:///{db}")
    seen: list[int] = []

    def where(*_args: object) -> None:
        seen.append(threading.get_ident())

    try:
        async with engine.begin() as connection:
            raw = await connection.get_raw_connection()
            raw.driver_connection._conn.set_trace_callback(where)  # type: ignore[union-attr]
            await connection.execute(text("INSERT INTO t VALUES (2)"))
        assert seen and set(seen) == {threading.get_ident()}
    finally:
        await engine.dispose()


async def test_a_locked_database_is_waited_for_without_stopping_the_loop(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    _setup(db)
    engine = engines.create_engine(f"sqlite+aiosqlite:///{db}")
    holder = _hold_write_lock(db)
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.005)

    async def release_later() -> None:
        await asyncio.sleep(0.3)
        holder.execute("COMMIT")

    ticker = asyncio.create_task(tick())
    releaser = asyncio.create_task(release_later())
    try:
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t VALUES (2)"))
        assert releaser.done(), "the transaction began only once the other writer committed"
        assert ticks >= 20, f"the loop stood still while the lock was waited for ({ticks} ticks)"
        async with engine.connect() as connection:
            rows = (await connection.execute(text("SELECT x FROM t ORDER BY x"))).scalars().all()
        assert rows == [1, 2]
    finally:
        ticker.cancel()
        holder.close()
        await engine.dispose()


async def test_a_lock_held_past_the_busy_timeout_fails_as_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "bot.db"
    _setup(db)
    monkeypatch.setattr(engines, "BUSY_TIMEOUT_MS", 200)
    engine = engines.create_engine(f"sqlite+aiosqlite:///{db}")
    async with engine.connect() as connection:  # connected (and in WAL) before the lock is taken
        await connection.execute(text("SELECT 1"))
    holder = _hold_write_lock(db)
    try:
        started = asyncio.get_running_loop().time()
        with pytest.raises(OperationalError, match="database is locked"):
            async with engine.begin() as connection:
                await connection.execute(text("INSERT INTO t VALUES (2)"))
        waited = asyncio.get_running_loop().time() - started
        assert 0.19 <= waited < 2, waited
        holder.execute("COMMIT")
        async with engine.begin() as connection:  # the same (pooled) connection works again
            await connection.execute(text("INSERT INTO t VALUES (3)"))
    finally:
        holder.close()
        await engine.dispose()
