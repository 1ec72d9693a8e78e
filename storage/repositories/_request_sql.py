"""The request repository's hot statements, built once with their values bound: compiled once,
and neither built nor keyed for SQLAlchemy's cache again on each call."""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, case, insert, or_, select, update

from handlers.domain import Status
from storage.repositories._request_rows import CLAIMS, COLUMNS, REQUESTS
from storage.repositories._sql import per_dialect
from storage.tables import RequestMessageRow

_LINKS = cast(Table, RequestMessageRow.__table__)
_NOW = bindparam("now", type_=REQUESTS.c.claimed_at.type)
# What an active claim becomes when its request ends; only "expired" counts against a volunteer.
CLAIM_END = {Status.DONE: "done", Status.EXPIRED: "expired", Status.CANCELLED: "cancelled"}

# A message's request: its own, else the one the message is linked to (a card, a call, a reply).
_OWN = REQUESTS.c.message_id == bindparam("message")
_LINKED = select(_LINKS.c.request_id).where(_LINKS.c.chat_id == bindparam("chat"),
                                            _LINKS.c.message_id == bindparam("message"))  # fmt: skip
BY_MESSAGE = (
    select(*REQUESTS.c)
    .where(REQUESTS.c.chat_id == bindparam("chat"), or_(_OWN, REQUESTS.c.id.in_(_LINKED)))
    .order_by(case((_OWN, 0), else_=1), REQUESTS.c.id)
    .limit(1)
)
_FILLED = REQUESTS.c.active_claims + 1 >= REQUESTS.c.people_needed
# On PostgreSQL a concurrent claimer waits for the row lock, then this WHERE is re-checked
# against the committed row: only one can take the last slot.
CLAIM = (
    update(REQUESTS)
    .where(REQUESTS.c.id == bindparam("b_id"), REQUESTS.c.status == Status.OPEN.value)
    .values(
        active_claims=REQUESTS.c.active_claims + 1,
        status=case((_FILLED, Status.CLAIMED.value), else_=Status.OPEN.value),
        claimed_at=case(
            (_FILLED & REQUESTS.c.claimed_at.is_(None), _NOW),
            else_=REQUESTS.c.claimed_at,
        ),
    )
    .returning(*COLUMNS)
)
_HELD = select(CLAIMS.c.id).where(
    CLAIMS.c.request_id == bindparam("b_id"), CLAIMS.c.user_id == bindparam("user"), CLAIMS.c.status == "active"
)
CLAIM_UNLESS_HELD = CLAIM.where(~_HELD.exists())
ADD_CLAIM = insert(CLAIMS)
ADD_REQUEST = insert(REQUESTS).returning(REQUESTS.c.id)
SAVE_PROGRESS = (
    update(REQUESTS)
    .where(REQUESTS.c.id == bindparam("b_id"))
    .values(ring=bindparam("b_ring"), followups=bindparam("b_followups"), next_due_at=bindparam("b_due"),
            requester_told_waiting=bindparam("b_told"))
)  # fmt: skip
LINK = per_dialect(
    lambda dialect: dialect.insert(_LINKS).on_conflict_do_nothing(index_elements=["chat_id", "message_id"])
)


END_CLAIMS = (
    update(CLAIMS)
    .where(CLAIMS.c.request_id == bindparam("request"), CLAIMS.c.status == "active")
    .values(status=bindparam("end"), ended_at=bindparam("now", type_=CLAIMS.c.ended_at.type))
)


@cache
def transition_statement(allowed: frozenset[Status], to: Status) -> Any:
    """From any of `allowed` to `to` (a handful of pairs in all: each built once)."""
    values: dict[str, object] = {"status": to.value}
    if to.is_final:
        values.update(closed_at=_NOW, active_claims=0)
    if to is Status.CLAIMED:
        values["claimed_at"] = case((REQUESTS.c.claimed_at.is_(None), _NOW), else_=REQUESTS.c.claimed_at)
    return (
        update(REQUESTS)
        .where(REQUESTS.c.id == bindparam("b_id"), REQUESTS.c.status.in_(sorted(s.value for s in allowed)))
        .values(**values)
        .returning(*COLUMNS)
    )
