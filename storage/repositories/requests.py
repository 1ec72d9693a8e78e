"""RequestRepository on SQL: every state change is one conditional UPDATE on the request row."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import case, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.domain import Request, Status
from handlers.ports import ClaimResult
from storage.repositories._pending import write_pending
from storage.repositories._request_rows import (
    CLAIMS,
    COLUMNS,
    REQUESTS,
    load_request,
    load_requests,
    row_values,
    to_domain,
    to_request,
)
from storage.repositories._request_sql import (
    ADD_CLAIM,
    ADD_REQUEST,
    BY_MESSAGE,
    CLAIM,
    CLAIM_END,
    CLAIM_UNLESS_HELD,
    END_CLAIMS,
    LINK,
    SAVE_PROGRESS,
    transition_statement,
)
from storage.repositories._sql import for_session, rowcount
from storage.tables import RequestRow

ACTIVE = (Status.OPEN.value, Status.CLAIMED.value)
# The tables, not the mapped classes: the statements skip the ORM's bulk-persistence layer.


class _SameUserRace(Exception):
    """The same volunteer's second claim lost to their first on the unique index."""


class SqlRequestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, request: Request) -> Request:
        request_id = await self._s.scalar(ADD_REQUEST, row_values(request))
        assert request_id is not None
        return replace(request, id=request_id)

    async def get(self, request_id: int) -> Request | None:
        return await load_request(self._s, request_id)

    async def by_message(self, chat_id: int, message_id: int) -> Request | None:
        rows = (await self._s.execute(BY_MESSAGE, {"chat": chat_id, "message": message_id})).all()
        found = await to_domain(self._s, list(rows))
        return found[0] if found else None

    async def link_message(self, request_id: int, chat_id: int, message_id: int) -> None:
        values = {"chat_id": chat_id, "message_id": message_id, "request_id": request_id}
        await self._s.execute(for_session(LINK, self._s), values)

    async def active_of_requester(self, chat_id: int, user_id: int) -> list[Request]:
        return await load_requests(
            self._s,
            REQUESTS.c.chat_id == chat_id,
            REQUESTS.c.requester_id == user_id,
            REQUESTS.c.status.in_(ACTIVE),
            order=(REQUESTS.c.posted_at.desc(), REQUESTS.c.id.desc()),
        )

    async def try_claim(self, request_id: int, user_id: int, name: str, now: datetime) -> ClaimResult:
        params = {"b_id": request_id, "user": user_id, "now": now}
        record = {"request_id": request_id, "user_id": user_id, "name": name, "status": "active", "claimed_at": now}
        if self._s.get_bind().dialect.name == "sqlite":
            # BEGIN IMMEDIATE: no other transaction runs until this one ends, so checking the
            # claimer in the UPDATE is exact and the claim cannot meet a double: no savepoint.
            row = (await self._s.execute(CLAIM_UNLESS_HELD, params)).first()
            if row is None:
                return await self._refusal(request_id, user_id)
            await self._s.execute(ADD_CLAIM, record)
            return ClaimResult(True, await self._as_updated(row))
        # PostgreSQL: two claims by one volunteer can race on the unique index (the second's
        # check would not see the first's uncommitted claim). What the transaction added so far
        # is written before the savepoint, which would take it back with the increment.
        await write_pending(self._s)
        try:
            # A savepoint so that a duplicate claim by the same person undoes the increment.
            async with self._s.begin_nested():
                row = (await self._s.execute(CLAIM, params)).first()
                if row is None:
                    return await self._refusal(request_id, user_id)
                try:
                    await self._s.execute(ADD_CLAIM, record)
                except IntegrityError as exc:
                    raise _SameUserRace from exc
        except _SameUserRace:
            return ClaimResult(False, await self.get(request_id), "already_yours")
        return ClaimResult(True, await self._as_updated(row))

    async def _refusal(self, request_id: int, user_id: int) -> ClaimResult:
        current = await self.get(request_id)
        if current is None:
            return ClaimResult(False, None, "missing")
        if user_id in current.claimers:
            return ClaimResult(False, current, "already_yours")
        return ClaimResult(False, current, "closed" if current.status.is_final else "taken")

    async def release(self, request_id: int, user_id: int, now: datetime) -> Request | None:
        # Lock the request row before the claim row, the order every other change uses,
        # so a release racing a transition cannot deadlock on PostgreSQL.
        await self._s.execute(
            select(REQUESTS.c.id).where(REQUESTS.c.id == request_id).with_for_update(of=RequestRow)
        )
        ended = await self._s.execute(
            update(CLAIMS)
            .where(CLAIMS.c.request_id == request_id, CLAIMS.c.user_id == user_id, CLAIMS.c.status == "active")
            .values(status="released", ended_at=now)
            .execution_options(synchronize_session=False)
        )
        if rowcount(ended) == 0:
            return None
        released = await self._s.execute(
            update(REQUESTS)
            .where(REQUESTS.c.id == request_id)
            .values(
                active_claims=REQUESTS.c.active_claims - 1,
                status=case(
                    (REQUESTS.c.status == Status.CLAIMED.value, Status.OPEN.value), else_=REQUESTS.c.status
                ),
            )
            .returning(*COLUMNS)
            .execution_options(synchronize_session=False)
        )
        return await self._as_updated(released.one())

    async def transition(
        self, request_id: int, allowed: Collection[Status], to: Status, now: datetime
    ) -> Request | None:
        params = {"b_id": request_id, "now": now}
        moved = (await self._s.execute(transition_statement(frozenset(allowed), to), params)).first()
        if moved is None:
            return None
        if to in CLAIM_END:
            await self._s.execute(END_CLAIMS, {"request": request_id, "end": CLAIM_END[to], "now": now})
            # Its claims all ended just now: none active to look up.
            return to_request(moved, [])
        return await self._as_updated(moved)

    async def save_progress(self, request: Request) -> None:
        await self._s.execute(SAVE_PROGRESS, {
            "b_id": request.id, "b_ring": request.ring, "b_followups": request.followups,
            "b_due": request.next_due_at, "b_told": request.requester_told_waiting,
        })  # fmt: skip

    async def list_active(self, chat_ids: Collection[int] | None = None) -> list[Request]:
        where = [REQUESTS.c.status.in_(ACTIVE)]
        if chat_ids is not None:
            where.append(REQUESTS.c.chat_id.in_(list(chat_ids)))
        return await load_requests(self._s, *where, order=(REQUESTS.c.posted_at, REQUESTS.c.id))

    async def claimed_by(self, user_id: int) -> list[Request]:
        held = select(CLAIMS.c.request_id).where(CLAIMS.c.user_id == user_id, CLAIMS.c.status == "active")
        return await load_requests(
            self._s,
            REQUESTS.c.id.in_(held),
            REQUESTS.c.status.in_(ACTIVE),
            order=(REQUESTS.c.posted_at, REQUESTS.c.id),
        )

    async def posted_since(self, since: datetime | None) -> list[Request]:
        where = [] if since is None else [REQUESTS.c.posted_at >= since]
        return await load_requests(self._s, *where, order=(REQUESTS.c.posted_at, REQUESTS.c.id))

    async def due(self, now: datetime, limit: int) -> list[Request]:
        return await load_requests(
            self._s,
            REQUESTS.c.status.in_(ACTIVE),
            REQUESTS.c.next_due_at <= now,
            order=(REQUESTS.c.next_due_at, REQUESTS.c.id),
            limit=limit,
            lock=True,
        )

    async def _as_updated(self, row: Any) -> Request:
        """The request as its UPDATE … RETURNING left it (no read-back), with its active claims."""
        return (await to_domain(self._s, [row]))[0]
