"""Engine creation for SQLite (the default, one process) and PostgreSQL (several workers).

Both pools are of a fixed size and keep their connections: opening one (a file and its schema
for SQLite, a TCP handshake and authentication for asyncpg) costs more than most transactions.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from storage import sqlite_inline

DEFAULT_URL = "sqlite+aiosqlite:///jinlin.db"
BUSY_TIMEOUT_MS = 5000
# PostgreSQL: the inbox worker's chats at once (8), the sender, the timers, the two leaders' own
# connections (storage/leadership.py) and the health check, with room to spare. Several workers
# each keep theirs: 4 workers stay well within the server's default max_connections (100).
PG_POOL_SIZE = 16
# A session waits this long for a connection, then fails as a transient error (retried).
POOL_WAIT_SECONDS = 60


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str = DEFAULT_URL, *, echo: bool = False) -> AsyncEngine:
    if not is_sqlite(url):
        return create_async_engine(
            url, echo=echo, pool_pre_ping=True, pool_size=PG_POOL_SIZE, max_overflow=0, pool_timeout=POOL_WAIT_SECONDS
        )
    pool: dict[str, Any] = {}
    if make_url(url).database not in (None, "", ":memory:"):
        # One connection, the one writer: every transaction takes the write lock anyway (below),
        # so a second connection would only wait on the lock (polling busy_timeout) instead of
        # in the pool's queue, and each new one would re-read the schema.
        pool = {"pool_size": 1, "max_overflow": 0, "pool_timeout": POOL_WAIT_SECONDS}
    engine: AsyncEngine = create_async_engine(url, echo=echo, async_creator=lambda: _connect_inline(engine), **pool)
    _make_sqlite_transactions_immediate(engine)
    return engine


def _connect_inline(engine: AsyncEngine) -> Awaitable[sqlite_inline.InlineConnection]:
    """The connection SQLAlchemy's aiosqlite adapter wraps: sqlite3 on the loop's thread, not on
    aiosqlite's (storage/sqlite_inline.py: two thread hops per call saved; the busy wait kept, on
    the loop). The file and options are the URL's, as the dialect reads them."""
    args, options = engine.dialect.create_connect_args(engine.url)
    return sqlite_inline.connect(*args, busy_seconds=BUSY_TIMEOUT_MS / 1000, **options)


def _make_sqlite_transactions_immediate(engine: AsyncEngine) -> None:
    """Every transaction takes the write lock up front (BEGIN IMMEDIATE).

    With pysqlite's default deferred BEGIN two transactions can both read, then both try to
    upgrade to a writer and one fails at once with "database is locked" — busy_timeout cannot
    help a deadlocked upgrade. Taking the lock first makes concurrent claims wait their turn
    (other processes — `jinlin report`, a second bot by mistake — wait up to busy_timeout).
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver emits no BEGIN of its own (isolation_level None, set when it was opened:
        # storage/sqlite_inline.py); we emit ours below.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL syncs at checkpoints, not at every commit: a crash of the process
        # (kill -9 included) loses nothing committed; only a power cut or an OS crash can lose
        # the last commits (never corrupt the file).
        cursor.execute("PRAGMA synchronous=NORMAL")
        # 0: a locked database is waited for on the loop, not in the C library (sqlite_inline).
        cursor.execute("PRAGMA busy_timeout=0")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
