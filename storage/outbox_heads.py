"""The query of a lease (storage/outbox_queue.py): which due items of which chats are handed out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import outbox_chats
from storage.repositories._sql import fresh
from storage.tables import OutboxRow


async def heads(
    s: AsyncSession, now: datetime, limit: int, taken: set[int], per_chat: int
) -> list[tuple[OutboxRow, int]]:
    """The first `per_chat` due items of each chat that is free, with their rank in it (button
    answers, bound to no chat, rank 1), in lease order."""
    pending = OutboxRow.status == "pending"
    due = (
        pending,
        or_(OutboxRow.leased_until.is_(None), OutboxRow.leased_until <= now),
        or_(OutboxRow.not_before.is_(None), OutboxRow.not_before <= now),
        OutboxRow.id.not_in(taken),
    )
    # A chat with anything in flight (a coalesced edit can be in flight while older items
    # of its chat are still pending), held or closed sends nothing.
    in_flight = select(OutboxRow.chat_id).where(pending, OutboxRow.chat_id.is_not(None), OutboxRow.leased_until > now)
    order = (OutboxRow.priority.desc(), OutboxRow.id)
    # Button answers are bound to no chat: each is its own head.
    rank = case(
        (OutboxRow.chat_id.is_(None), 1), else_=func.row_number().over(partition_by=OutboxRow.chat_id, order_by=order)
    )
    free = and_(OutboxRow.chat_id.not_in(in_flight), OutboxRow.chat_id.not_in(outbox_chats.blocked_chats(now)))
    ranked = (
        select(OutboxRow.id, rank.label("rank"))
        .where(*due, or_(OutboxRow.chat_id.is_(None), free))
        .subquery()
    )
    # From the ranked ids to their rows (by primary key), never the other way round: SQLite would
    # scan the ranked list once per pending row.
    stmt = (
        select(OutboxRow, ranked.c.rank)
        .join_from(ranked, OutboxRow, OutboxRow.id == ranked.c.id)
        .where(*due, ranked.c.rank <= max(per_chat, 1))
        .order_by(*order)
        .limit(max(limit, 0))
        .with_for_update(skip_locked=True, of=OutboxRow)
    )
    return [(row, int(n)) for row, n in (await s.execute(fresh(stmt))).all()]
