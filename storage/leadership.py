"""Leadership among workers sharing one PostgreSQL database: a session-level advisory lock held on
a connection of its own, the coordinator being PostgreSQL itself.

One worker sends (one flood budget for the token) and one polls (getUpdates allows one caller).
The holder checks its connection every `check_seconds`; a worker that dies (kill -9 included)
closes its connection, PostgreSQL releases the lock, and another worker, trying every
`retry_seconds`, takes over within a couple of seconds. A holder whose connection fails
resigns at once (it can no longer know whether it still holds the lock), and campaigns again on
a new connection once the database answers (a PostgreSQL restart: every worker loses its lock,
one wins it back).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable, Coroutine
from typing import Any

from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.tables import OutboxRow

log = logging.getLogger(__name__)

# Keys far outside the range of Telegram chat ids, which the inbox locks per chat (storage/inbox.py).
SENDER_KEY = 0x4A494E4C494E0001
POLLER_KEY = 0x4A494E4C494E0002

Run = Callable[[], Coroutine[Any, Any, None]]
# A new sender waits this long before taking back its predecessor's leases (take_back_leases).
HANDOVER_SECONDS = 3.0


class Leadership:
    def __init__(
        self, engine: AsyncEngine, key: int, name: str, *, retry_seconds: float = 1.0, check_seconds: float = 1.0
    ) -> None:
        self._engine = engine
        self._key = key
        self.name = name
        self._retry_seconds = retry_seconds
        self._check_seconds = check_seconds
        self._connection: AsyncConnection | None = None
        self._leader = asyncio.Event()
        self._lost = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def leading(self) -> bool:
        return self._leader.is_set()

    async def held(self) -> None:
        """Return once this worker holds the lock (at once if it does)."""
        if self._task is None:
            self._task = asyncio.create_task(self._keep(), name=f"leadership-{self.name}")
        await self._leader.wait()

    async def lost(self) -> None:
        """Return once the lock held is lost."""
        await self._lost.wait()

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        connection = self._connection
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self._key})
        await self._drop()

    async def _keep(self) -> None:
        while True:
            try:
                if self._connection is None:
                    # A connect to a server still starting up can hang (asyncpg waits 60 s).
                    await asyncio.wait_for(self._campaign(), self._check_seconds * 5)
                else:
                    await asyncio.wait_for(self._connection.execute(text("SELECT 1")), self._check_seconds * 5)
            except Exception as exc:
                if self.leading:
                    log.error("%s: lost the database connection holding the lock, resigning: %s", self.name, exc)
                else:
                    log.warning("%s: could not try the lock: %s", self.name, exc)
                await self._drop()
            await asyncio.sleep(self._check_seconds if self.leading else self._retry_seconds)

    async def _campaign(self) -> None:
        connection = await self._engine.connect()
        try:
            # No transaction left open: the lock is the session's, not a transaction's.
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            won = await connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key})
            if won:
                # Who holds what, for operators (and the fault suite): pg_stat_activity.application_name.
                await connection.execute(text(f"SET application_name = 'jinlin {self.name} pid={os.getpid()}'"))
        except BaseException:
            await connection.close()
            raise
        if not won:
            await connection.close()
            return
        self._connection = connection
        self._lost.clear()
        self._leader.set()
        log.info("%s: elected (this worker, pid %d)", self.name, os.getpid())

    async def _drop(self) -> None:
        self._leader.clear()
        self._lost.set()
        connection, self._connection = self._connection, None
        if connection is not None:
            # Closed, not returned to the pool: a pooled session would keep the lock.
            with contextlib.suppress(Exception):
                await connection.invalidate()
            with contextlib.suppress(Exception):
                await connection.close()


async def free_outbox_leases(engine: AsyncEngine) -> int:
    """A newly elected sender takes back what a previous one had leased, rather than waiting out
    its leases: only the elected sender leases, so every live lease is a predecessor's."""
    async with engine.begin() as connection:
        result = await connection.execute(
            update(OutboxRow).where(OutboxRow.status == "pending", OutboxRow.leased_until.is_not(None))
            .values(leased_until=None)
        )
    return int(result.rowcount or 0)


async def take_back_leases(engine: AsyncEngine, name: str, wake: Callable[[], None], handover: float) -> None:
    """After `handover` seconds: a predecessor that lost its connection rather than died (the
    database restarted) is still recording the sends Telegram answered; taking their leases at
    once would send them again. Tried a few times: a lease left to run out holds its chat 30 s."""
    await asyncio.sleep(handover)
    for attempt in range(1, 11):
        try:
            freed = await free_outbox_leases(engine)
        except Exception as exc:
            log.warning("%s: could not take back a previous sender's leases (attempt %d): %s", name, attempt, exc)
            await asyncio.sleep(1.0)
            continue
        if freed:
            log.warning("%s: took back %d messages a previous sender had leased", name, freed)
            wake()
        return


async def send_while_elected(
    leadership: Leadership, engine: AsyncEngine, run: Run, stop: Run, wake: Callable[[], None],
    *, handover: float = HANDOVER_SECONDS,
) -> None:
    """Run the sender while this worker leads and stop it when the lock is lost; return when the
    sender is stopped from outside (shutting down)."""
    while True:
        await leadership.held()
        sending = asyncio.create_task(run(), name="outbox-sender")
        taking = asyncio.create_task(take_back_leases(engine, leadership.name, wake, handover))
        lost = asyncio.create_task(leadership.lost())
        lost_it = False
        try:
            done, _ = await asyncio.wait({sending, lost}, return_when=asyncio.FIRST_COMPLETED)
            lost_it = lost in done
        finally:
            lost.cancel()
            taking.cancel()
            if not sending.done():
                await stop()
                await asyncio.wait({sending}, timeout=15)
                sending.cancel()
            await asyncio.gather(sending, lost, taking, return_exceptions=True)
        if lost_it:
            # Campaign again. Not "unless leading now": while this sender was stopping, the
            # same worker may have won the lock back (a database restart), and must send again.
            continue
        return
