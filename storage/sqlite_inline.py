"""SQLite run on the event loop's own thread, for SQLAlchemy's aiosqlite dialect.

aiosqlite runs every call (execute, fetchall, commit, even a cursor's close) on a thread of its
own and wakes the loop with `call_soon_threadsafe` when it is done: two thread hops per call, a
dozen per statement, for calls that take microseconds (the bot's statements touch a few pages
of a file in the page cache). Here the same calls run inline, as the aiosqlite-shaped objects
SQLAlchemy's adapter expects (`create_async_engine(..., async_creator=...)`): its coroutines
finish without suspending, so SQLAlchemy's greenlet gets the answer at once.

The one wait SQLite has is for the write lock another connection holds (another process —
`jinlin report`, a backup — or a second engine on the file in this process). sqlite3's busy
timeout would sleep in the C library and so stall the whole loop, and with it the connection
holding the lock if it is this process's own. So the connection's busy timeout is 0 and the
wait is here instead: a statement refused with SQLITE_BUSY is tried again after an
`asyncio.sleep`, with SQLite's own back-off, until `busy_seconds` have passed; then the
"database is locked" error is raised as before (a transient failure to the callers).
A refused statement did nothing (SQLite statements are atomic), so trying it again is safe;
an executemany is not tried again (rows before the refused one may have been written), which
never matters here: every transaction starts with BEGIN IMMEDIATE (storage/engine.py), which
takes the lock before any executemany can meet it.

What still blocks the loop is SQLite's own work: a big query (a report over a long history) or
a WAL checkpoint's fsync (every ~1,000 pages written, `synchronous=NORMAL`) holds the loop for
as long as it takes, where aiosqlite would have held only its thread.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

SQLITE_BUSY = 5
# SQLite's own busy handler's sleeps (sqlite3.c: sqliteDefaultBusyCallback), then its last.
BACKOFF_SECONDS = (0.001, 0.002, 0.005, 0.01, 0.015, 0.02, 0.025, 0.025, 0.025, 0.05, 0.05, 0.1)


def _busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:  # Python < 3.11 gives no code: go by the message
        return "database is locked" in str(error)
    return bool(code & 0xFF == SQLITE_BUSY)


class _Waiter:
    """Tries a call again while the database is busy, sleeping on the loop between tries."""

    def __init__(self, busy_seconds: float) -> None:
        self.busy_seconds = busy_seconds

    async def run(self, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except sqlite3.OperationalError as error:
            if not _busy(error) or self.busy_seconds <= 0:
                raise
        deadline = time.monotonic() + self.busy_seconds
        tries = 0
        while True:
            pause = BACKOFF_SECONDS[min(tries, len(BACKOFF_SECONDS) - 1)]
            await asyncio.sleep(max(0.0, min(pause, deadline - time.monotonic())))
            tries += 1
            try:
                return call()
            except sqlite3.OperationalError as error:
                if not _busy(error) or time.monotonic() >= deadline:
                    raise


class InlineCursor:
    """An aiosqlite `Cursor` whose calls run at once."""

    __slots__ = ("_cursor", "_waiter")

    def __init__(self, cursor: sqlite3.Cursor, waiter: _Waiter) -> None:
        self._cursor = cursor
        self._waiter = waiter

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Any = None) -> InlineCursor:
        cursor = self._cursor
        if parameters is None:
            await self._waiter.run(lambda: cursor.execute(sql))
        else:
            await self._waiter.run(lambda: cursor.execute(sql, parameters))
        return self

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> InlineCursor:
        self._cursor.executemany(sql, parameters)  # not tried again: see the module's docstring
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> Sequence[Any]:
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def fetchall(self) -> Sequence[Any]:
        return self._cursor.fetchall()

    async def nextset(self) -> None:
        return None

    async def setinputsizes(self, *_sizes: Any) -> None:
        return None

    async def close(self) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class _CursorOpening:
    """What aiosqlite's `Connection.cursor()` returns: an async context manager (and awaitable)."""

    __slots__ = ("_cursor",)

    def __init__(self, cursor: InlineCursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self._cursor

    async def __aexit__(self, *_exc: object) -> None:
        await self._cursor.close()

    def __await__(self) -> Any:
        return self.__aenter__().__await__()


class _AtOnce:
    """aiosqlite's queue of calls for its thread, as SQLAlchemy's adapter uses it (to set the
    isolation level): the call runs as it is put."""

    @staticmethod
    def put_nowait(item: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, call = item
        try:
            future.set_result(call())
        except Exception as error:
            future.set_exception(error)


class InlineConnection:
    """An aiosqlite `Connection` over a sqlite3 connection, called from one event loop."""

    _tx = _AtOnce()

    def __init__(self, connection: sqlite3.Connection, busy_seconds: float) -> None:
        self._connection: sqlite3.Connection | None = connection
        self._waiter = _Waiter(busy_seconds)

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValueError("no active connection")
        return self._connection

    def cursor(self) -> _CursorOpening:
        return _CursorOpening(InlineCursor(self._conn.cursor(), self._waiter))

    async def commit(self) -> None:
        connection = self._conn
        await self._waiter.run(connection.commit)

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        """aiosqlite's forced close (SQLAlchemy's terminate, when the pool gives a connection up)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    async def create_function(
        self, name: str, num_params: int, func: Callable[..., Any], deterministic: bool = False
    ) -> None:
        self._conn.create_function(name, num_params, func, deterministic=deterministic)

    @property
    def in_transaction(self) -> bool:
        return self._conn.in_transaction

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    @isolation_level.setter
    def isolation_level(self, value: Literal["DEFERRED", "EXCLUSIVE", "IMMEDIATE"] | None) -> None:
        self._conn.isolation_level = value

    @property
    def total_changes(self) -> int:
        return self._conn.total_changes


async def connect(database: str, *, busy_seconds: float, uri: bool = False, **kwargs: Any) -> InlineConnection:
    """Open `database` on this thread with a busy timeout of 0 (the waiting is `InlineConnection`'s)."""
    kwargs.pop("timeout", None)
    kwargs.pop("check_same_thread", None)
    # check_same_thread off: the pool may close a connection it gives up from another thread (a
    # garbage collection); the calls themselves come from one loop, one at a time.
    connection = sqlite3.connect(database, timeout=0, uri=uri, isolation_level=None, check_same_thread=False, **kwargs)
    return InlineConnection(connection, busy_seconds)
