"""The inbox's table (storage/inbox.py reads and writes it): one row per update received."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any, cast

from sqlalchemy import BigInteger, Index, Integer, String, Table, Text, bindparam, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from handlers.chat import ButtonPress, ChatEvent, Received, Unreadable
from storage.codec import event_to_json
from storage.tables import Base


class InboxRow(Base):
    __tablename__ = "inbox"
    __table_args__ = (Index(None, "state", "id"), Index(None, "chat_id", "state"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    update_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)  # None for an unreadable update
    kind: Mapped[str] = mapped_column(String(16))  # message|press|unreadable
    # The translated event (handlers.chat), or the raw update for an unreadable one.
    event: Mapped[dict[str, Any]]
    state: Mapped[str] = mapped_column(String(16))  # pending|done|failed|unreadable
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime]
    handled_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    # Which worker hands this pending row to the core, until when (storage/inbox.py).
    leased_by: Mapped[str | None] = mapped_column(String(64))
    leased_until: Mapped[datetime | None]


class OutOfTurn(Exception):
    """An earlier update of the same chat is still pending (another worker has it): this one waits."""


# The namespace of the per-chat locks (two-key form: the chat's id is hashed into the second).
_CHAT_LOCKS = 0x4A4E
# How long an update waits, inside its transaction, for its chat's earlier one on another worker.
_TURN_WAIT_SECONDS = 3.0
_TURN_POLL_SECONDS = 0.02


_inbox = cast(Table, InboxRow.__table__)
_earlier = _inbox.alias("earlier")
# An earlier update of the same chat still pending (the first one's id, if any).
_EARLIER = (
    select(_earlier.c.update_id)
    .where(_earlier.c.chat_id == bindparam("chat"), _earlier.c.state == "pending",
           _earlier.c.update_id < bindparam("uid"))
    .limit(1)
)  # fmt: skip
# The chat's lock, taken only when no earlier update is pending: the WHERE is checked before the
# lock is asked for, so an update out of turn waits without holding the lock its earlier one needs.
_LOCK_IN_TURN = select(literal(1), func.pg_advisory_xact_lock(_CHAT_LOCKS, func.hashint8(bindparam("chat")))).where(
    ~_EARLIER.exists()
)
# pending → done: the one write a duplicate stops at. With several workers also only in turn: the
# lock came first, so this statement's snapshot sees an earlier update committed by its worker.
MARK_DONE = (
    update(_inbox)
    .where(_inbox.c.update_id == bindparam("uid"), _inbox.c.state == "pending")
    .values(state="done", handled_at=bindparam("at"))
)
MARK_DONE_IN_TURN = MARK_DONE.where(~_EARLIER.exists())


def turn_params(event: ChatEvent) -> dict[str, int]:
    return {"chat": event.chat_id, "uid": event.update_id}


async def take_turn(s: AsyncSession, event: ChatEvent) -> None:
    """Several workers (PostgreSQL): a chat's updates are handled one at a time (a lock of the
    transaction) and in Telegram's order (update ids grow as Telegram receives updates; each
    worker takes its own in that order too): while an earlier one is pending this one waits a
    little, then raises OutOfTurn (its worker tries again later). The caller marks the update
    with MARK_DONE_IN_TURN, then calls `check_turn` when that changed nothing."""
    params = turn_params(event)
    for _ in range(int(_TURN_WAIT_SECONDS / _TURN_POLL_SECONDS)):
        if (await s.execute(_LOCK_IN_TURN, params)).first() is not None:
            return
        await asyncio.sleep(_TURN_POLL_SECONDS)
    await check_turn(s, event)
    raise OutOfTurn(f"update {event.update_id} of chat {event.chat_id} waited too long for its turn")


async def check_turn(s: AsyncSession, event: ChatEvent) -> None:
    if (waiting_for := await s.scalar(_EARLIER, turn_params(event))) is not None:
        raise OutOfTurn(f"update {event.update_id} waits for update {waiting_for} of chat {event.chat_id}")


def _kind(event: ChatEvent) -> str:
    return "press" if isinstance(event, ButtonPress) else "message"


def row_values(item: Received, now: datetime) -> dict[str, Any]:
    """Every column, for every kind of row: a batch is one multi-row INSERT."""
    row: dict[str, Any] = {"update_id": item.update_id, "attempts": 0, "received_at": now, "handled_at": None,
                           "leased_by": None, "leased_until": None}  # fmt: skip
    if isinstance(item, Unreadable):
        return {**row, "chat_id": None, "kind": "unreadable", "event": item.raw, "state": "unreadable",
                "error": item.error}  # fmt: skip
    return {**row, "chat_id": item.chat_id, "kind": _kind(item), "event": event_to_json(item), "state": "pending",
            "error": None}  # fmt: skip
