"""The query of a lease (storage/outbox_queue.py): which due items of which chats are handed out."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Row, Table, and_, bindparam, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import outbox_chats
from storage.repositories._sql import columns
from storage.tables import OutboxRow

_OUTBOX = cast(Table, OutboxRow.__table__)


def _heads() -> Any:
    o = _OUTBOX.c
    now = bindparam("now", type_=o.leased_until.type)
    pending = o.status == "pending"
    due = (
        pending,
        or_(o.leased_until.is_(None), o.leased_until <= now),
        or_(o.not_before.is_(None), o.not_before <= now),
        o.id.not_in(bindparam("taken", expanding=True)),
    )
    # A chat with anything in flight (a coalesced edit can be in flight while older items
    # of its chat are still pending), held or closed sends nothing.
    in_flight = select(o.chat_id).where(pending, o.chat_id.is_not(None), o.leased_until > now)
    blocked = outbox_chats.blocked_chats(now)
    order = (o.priority.desc(), o.id)
    # Button answers are bound to no chat: each is its own head.
    rank = case((o.chat_id.is_(None), 1), else_=func.row_number().over(partition_by=o.chat_id, order_by=order))
    free = and_(o.chat_id.not_in(in_flight), o.chat_id.not_in(blocked))
    ranked = select(o.id, rank.label("rank")).where(*due, or_(o.chat_id.is_(None), free)).subquery()
    # From the ranked ids to their rows (by primary key), never the other way round: SQLite would
    # scan the ranked list once per pending row.
    return (
        columns(OutboxRow).add_columns(ranked.c.rank)
        .join_from(ranked, _OUTBOX, o.id == ranked.c.id)
        .where(*due, ranked.c.rank <= bindparam("per_chat"))
        .order_by(*order)
        .limit(bindparam("limit"))
        .with_for_update(skip_locked=True, of=_OUTBOX)
    )


# Built once, its values bound: SQLAlchemy compiles it once instead of building the statement and
# its cache key at every lease. Core rows (read by attribute like OutboxRow), not ORM objects:
# the lease changes rows by UPDATE statements, never through the session.
_HEADS = _heads()


async def heads(
    s: AsyncSession, now: datetime, limit: int, taken: Collection[int], per_chat: int
) -> list[Row[Any]]:
    """The first `per_chat` due items of each chat that is free, each with its rank in it (`rank`;
    button answers, bound to no chat, rank 1), in lease order."""
    params = {"now": now, "taken": list(taken), "per_chat": max(per_chat, 1), "limit": max(limit, 0)}
    return list((await s.execute(_HEADS, params)).all())
