"""What the outbox knows about a chat and a failed item, in SQL: holds, closed chats, events.

Each function runs inside the caller's transaction (storage/outbox_queue.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BindParameter, Row, Select, case, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.domain import EventType
from storage.delivery_tables import OutboxChatRow
from storage.queue import FOLD_SECONDS, PendingAction
from storage.repositories._sql import upsert
from storage.tables import EventRow, OutboxRow, RequestRow


def blocked_chats(now: datetime | BindParameter[datetime]) -> Select[int]:
    """Chats that get nothing now: held (a 429, a group's minute) or closed to the bot (their
    pending items are failed by `fail_in_closed_chats`, which need not run at every lease).
    `now` may be a bound parameter (the lease's prebuilt query, storage/outbox_heads.py)."""
    return select(OutboxChatRow.chat_id).where((OutboxChatRow.held_until > now) | OutboxChatRow.closed_at.is_not(None))


async def hold(s: AsyncSession, chat_id: int, until: datetime) -> None:
    """Nothing goes to `chat_id` before `until` (a later hold already there stays)."""
    await upsert(s, OutboxChatRow, {"chat_id": chat_id, "held_until": until}, ["chat_id"], lambda new: {
        "held_until": case(
            (OutboxChatRow.held_until.is_(None), new.held_until),
            (OutboxChatRow.held_until < new.held_until, new.held_until),
            else_=OutboxChatRow.held_until,
        ),
    })  # fmt: skip


async def close(s: AsyncSession, chat_id: int, reason: str, now: datetime) -> None:
    await upsert(
        s, OutboxChatRow, {"chat_id": chat_id, "closed_at": now, "closed_reason": reason}, ["chat_id"],
        lambda new: {"closed_at": new.closed_at, "closed_reason": new.closed_reason},
    )  # fmt: skip
    await fail_in_closed_chats(s, now)


async def fail_in_closed_chats(s: AsyncSession, now: datetime) -> None:
    closed = select(OutboxChatRow.chat_id).where(OutboxChatRow.closed_at.is_not(None))
    await s.execute(
        update(OutboxRow)
        .where(OutboxRow.status == "pending", OutboxRow.chat_id.in_(closed))
        .where(OutboxRow.leased_until.is_(None) | (OutboxRow.leased_until <= now))
        .values(status="failed", error="the chat is closed to the bot", sent_at=now)
        .execution_options(synchronize_session=False)
    )


async def fold(s: AsyncSession, row: Row[Any], now: datetime) -> bool:
    """Supersede an acknowledgement by an equal one just sent or on its way."""
    if row.ref is None:
        return False
    recent = now - timedelta(seconds=FOLD_SECONDS)
    equal = await s.scalar(
        select(OutboxRow.id).where(
            OutboxRow.ref == row.ref, OutboxRow.chat_id == row.chat_id, OutboxRow.id != row.id,
            or_(
                (OutboxRow.status == "sent") & (OutboxRow.sent_at >= recent),
                (OutboxRow.status == "pending") & (OutboxRow.leased_until > now),
            ),
        ).limit(1)
    )  # fmt: skip
    if equal is None:
        return False
    # Every equal one waiting goes with it, so that twenty of them cost one look, not twenty.
    await s.execute(
        update(OutboxRow)
        .where(OutboxRow.ref == row.ref, OutboxRow.chat_id == row.chat_id, OutboxRow.status == "pending")
        .where(OutboxRow.leased_until.is_(None) | (OutboxRow.leased_until <= now))
        .values(status="superseded", error=f"folded into {equal}", sent_at=now)
        .execution_options(synchronize_session=False)
    )
    return True


async def reopen(s: AsyncSession, chat_id: int) -> None:
    """The bot hears from the chat again (re-added): it may write there again."""
    await s.execute(
        update(OutboxChatRow)
        .where(OutboxChatRow.chat_id == chat_id, OutboxChatRow.closed_at.is_not(None))
        .values(closed_at=None, closed_reason=None)
        .execution_options(synchronize_session=False)
    )


async def end(s: AsyncSession, item: PendingAction, status: str, error: str, now: datetime) -> None:
    """The item ends unsent (`failed` or `parked`), with an event on its request."""
    await s.execute(
        update(OutboxRow)
        .where(OutboxRow.id == item.id)
        .values(status=status, error=error, sent_at=now, attempts=OutboxRow.attempts + 1, leased_until=None)
        .execution_options(synchronize_session=False)
    )
    if item.request_id is None or await s.get(RequestRow, item.request_id) is None:
        return
    await s.execute(
        insert(EventRow).values(
            request_id=item.request_id, type=EventType.UNDELIVERED.value, actor_id=None, at=now,
            detail={"outbox_id": item.id, "status": status, "error": error[:500]},
        )
    )  # fmt: skip
