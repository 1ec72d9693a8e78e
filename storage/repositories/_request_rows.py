"""Loading requests as domain objects: the row, its active claimers and its card message."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import fields
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from handlers.domain import Request, Status
from storage.tables import ClaimRow, RequestRow

# The tables, not the mapped classes: a statement naming only these skips the ORM's layers.
REQUESTS, CLAIMS = cast(Table, RequestRow.__table__), cast(Table, ClaimRow.__table__)
# What an UPDATE returns of the request: every column, so the request needs no read-back.
COLUMNS = tuple(REQUESTS.c)


async def load_requests(
    session: AsyncSession,
    *where: ColumnElement[bool],
    order: Sequence[ColumnElement[Any] | QueryableAttribute[Any]] = (),
    limit: int | None = None,
    lock: bool = False,
) -> list[Request]:
    stmt = select(*REQUESTS.c).where(*where).order_by(*order)
    if limit is not None:
        stmt = stmt.limit(limit)
    if lock:
        # SKIP LOCKED on PostgreSQL; SQLite's compiler drops the clause (BEGIN IMMEDIATE
        # already gives this transaction the whole database).
        stmt = stmt.with_for_update(skip_locked=True, of=REQUESTS)
    rows = list((await session.execute(stmt)).all())
    return await to_domain(session, rows)


# The hot look-ups, built once with their values bound: neither built nor compiled again.
_BY_ID = select(*REQUESTS.c).where(REQUESTS.c.id == bindparam("id"))
_ACTIVE_CLAIMS = (
    select(CLAIMS.c.request_id, CLAIMS.c.user_id, CLAIMS.c.name, CLAIMS.c.claimed_at)
    .where(CLAIMS.c.status == "active", CLAIMS.c.request_id.in_(bindparam("ids", expanding=True)))
    .order_by(CLAIMS.c.claimed_at, CLAIMS.c.id)
)


async def load_request(session: AsyncSession, request_id: int) -> Request | None:
    found = await to_domain(session, list((await session.execute(_BY_ID, {"id": request_id})).all()))
    return found[0] if found else None


async def to_domain(
    session: AsyncSession, rows: Sequence[Any], among: Sequence[ColumnElement[bool]] | None = None
) -> list[Request]:
    """One extra query for any number of requests, not one per request. `rows`: ORM rows or Core
    rows of the table's columns; `among`: the requests' WHERE clauses, to find their claims by a
    join rather than by a list of ids (thousands of them, in an export)."""
    if not rows:
        return []
    if among is None:
        claims = await session.execute(_ACTIVE_CLAIMS, {"ids": [row.id for row in rows]})
    else:
        active = (
            select(CLAIMS.c.request_id, CLAIMS.c.user_id, CLAIMS.c.name, CLAIMS.c.claimed_at)
            .where(CLAIMS.c.status == "active")
            .join(REQUESTS, REQUESTS.c.id == CLAIMS.c.request_id)
            .where(*among)
        )
        claims = await session.execute(active.order_by(CLAIMS.c.claimed_at, CLAIMS.c.id))
    claimers: dict[int, list[tuple[int, str, datetime]]] = defaultdict(list)
    for request_id, user_id, name, claimed_at in claims:
        claimers[request_id].append((user_id, name, claimed_at))
    return [to_request(row, claimers.get(row.id, [])) for row in rows]


# The Request's fields that are columns of its row, read off both definitions: a field added to
# both is stored and loaded without touching this module. Claimers live in their own table.
STORED: tuple[str, ...] = tuple(
    f.name for f in fields(Request) if f.name in RequestRow.__table__.columns and f.name != "id"
)


def row_values(request: Request) -> dict[str, Any]:
    """The request's stored columns, as the row holds them (the status by its value)."""
    values = {name: getattr(request, name) for name in STORED}
    values["status"] = request.status.value
    values["active_claims"] = len(request.claimers)
    return values


STATUSES = {s.value: s for s in Status}


def to_request(row: Any, claimers: list[tuple[int, str, datetime]]) -> Request:
    """A request's row (ORM or Core) and its active claims (user id, name, claimed at)."""
    # A Core row as a dict once (an export's thousands of rows), an ORM row by its attributes.
    values = row._asdict() if hasattr(row, "_asdict") else None
    stored = {name: values[name] for name in STORED} if values is not None else {n: getattr(row, n) for n in STORED}
    stored["status"] = STATUSES[row.status]
    return Request(
        id=row.id,
        **stored,
        claimers=tuple(user_id for user_id, _, _ in claimers),
        claimer_names=tuple(name for _, name, _ in claimers),
        last_claim_at=max((at for _, _, at in claimers), default=None),
    )
