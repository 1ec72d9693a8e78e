"""The inbox: every update is a row here before Telegram is told it arrived.

The poller stores a batch in one transaction and only then moves the getUpdates offset past it;
the inbox worker hands each pending row to the core, whose transaction marks it done
(`SqlProcessedUpdates.handled`), so a crash at any instant loses nothing and handles nothing
twice. A redelivered update finds its row and is not stored again.

Several workers (PostgreSQL): a pending row is leased to one worker at a time (the one that stored
it, or whichever sweeps it up once the lease ran out: `FOR UPDATE SKIP LOCKED`), and each chat's
updates are handled in Telegram's order (`inbox_rows.take_turn`). A lease only saves work: the
core's conditional pending → done is what makes a second attempt a no-op.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Collection, Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from handlers.chat import Received, Unreadable
from storage.codec import event_from_json
from storage.inbox_rows import InboxRow, OutOfTurn, row_values
from storage.queue import Stored
from storage.repositories._sql import for_session, per_dialect
from storage.uow import session_factory

# SQLSTATE classes of a database that is unreachable or busy rather than wrong: connection
# exceptions, transaction rollbacks (serialization, deadlock), insufficient resources, operator
# intervention (shutting down, restarting).
_TRANSIENT_SQLSTATES = ("08", "40", "53", "57")
# The worker's sweep (every 5 s) renews its leases; a dead worker's rows are free after this.
LEASE_SECONDS = 10.0
# Built once per dialect: the batch is an executemany, compiled once whatever its size (a
# multi-row VALUES would be a new statement for every size). A row already there returns nothing.
_STORE = per_dialect(
    lambda dialect: dialect.insert(InboxRow.__table__)
    .on_conflict_do_nothing(index_elements=["update_id"])
    .returning(InboxRow.__table__.c.update_id)
)


def _lease_end() -> datetime:
    return datetime.now(UTC) + timedelta(seconds=LEASE_SECONDS)


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"


def transient(exc: BaseException) -> bool:
    """A failure of the database itself (locked, down, restarting), or an update waiting for its
    chat's earlier one: wait and try again, never give up."""
    if isinstance(exc, OutOfTurn):
        return True
    if isinstance(exc, DBAPIError):
        state = str(getattr(exc.orig, "sqlstate", None) or "")
        # SQLite's "database is locked" and a dropped connection are OperationalErrors.
        return (
            exc.connection_invalidated
            or type(exc).__name__ in ("OperationalError", "InterfaceError")
            or state[:2] in _TRANSIENT_SQLSTATES
        )
    return isinstance(exc, DisconnectionError | PoolTimeout | OSError | TimeoutError)


class SqlInbox:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], worker: str | None = None) -> None:
        self._sessions = sessions
        self.worker = worker or worker_name()

    @classmethod
    def from_engine(cls, engine: AsyncEngine) -> SqlInbox:
        return cls(session_factory(engine))

    async def store(self, received: Sequence[Received], now: datetime, settled: Collection[int] = ()) -> list[Stored]:
        """Store a batch in one transaction; the events stored now (not before), in order.
        `settled`: updates that need nothing more (Core.settles), stored as handled."""
        if not received:
            return []
        # Leases are between processes, on the wall clock (`now` is the domain's clock).
        lease = {"leased_by": self.worker, "leased_until": _lease_end()}
        done = {"state": "done", "handled_at": datetime.now(UTC)}
        rows = [
            {**row_values(item, now), **lease, **(done if item.update_id in settled else {})} for item in received
        ]
        async with self._sessions() as s, s.begin():
            # One statement for the batch (an executemany: compiled once, whatever the batch's size).
            stmt = for_session(_STORE, s)
            new = set((await s.execute(stmt, rows)).scalars())
        return [
            Stored(item)
            for item in received
            if not isinstance(item, Unreadable) and item.update_id in new and item.update_id not in settled
        ]

    async def pending(self, limit: int = 500) -> list[Stored]:
        """Pending rows in the order they arrived, not leased by another worker: leased to this one
        (ours renewed)."""
        now = datetime.now(UTC)
        async with self._sessions() as s, s.begin():
            free = or_(InboxRow.leased_until.is_(None), InboxRow.leased_until < now, InboxRow.leased_by == self.worker)
            ids = list(await s.scalars(
                select(InboxRow.id).where(InboxRow.state == "pending", free).order_by(InboxRow.id).limit(limit)
                .with_for_update(skip_locked=True)
            ))  # fmt: skip
            if not ids:
                return []
            await s.execute(
                update(InboxRow).where(InboxRow.id.in_(ids))
                .values(leased_by=self.worker, leased_until=_lease_end())
                .execution_options(synchronize_session=False)
            )
            rows = await s.execute(
                select(InboxRow.kind, InboxRow.event, InboxRow.attempts)
                .where(InboxRow.id.in_(ids))
                .order_by(InboxRow.id)
            )
            return [Stored(event_from_json(kind, event), attempts) for kind, event, attempts in rows]

    async def failed(self, update_id: int, error: str, *, give_up: bool) -> None:
        """A failed attempt (a bug, not the database): counted; after the last one the row is
        `failed` and never tried again."""
        async with self._sessions() as s, s.begin():
            await s.execute(
                update(InboxRow)
                .where(InboxRow.update_id == update_id, InboxRow.state == "pending")
                .values(attempts=InboxRow.attempts + 1, error=error[:2000], state="failed" if give_up else "pending")
                .execution_options(synchronize_session=False)
            )

    def transient(self, exc: BaseException) -> bool:
        return transient(exc)

    async def pending_count(self) -> int:
        async with self._sessions() as s, s.begin():
            count = await s.scalar(select(func.count()).select_from(InboxRow).where(InboxRow.state == "pending"))
            return int(count or 0)
