"""The append-mostly records: calls, events, outbox, processed updates, offers and concerns."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.chat import Action, ChatEvent, SendFile
from handlers.domain import Concern, Event, EventType, Offer
from storage.codec import action_chat, action_kind, action_priority, action_ref, action_to_payload
from storage.concern_tables import ConcernRow
from storage.delivery_tables import OutboxChatRow
from storage.inbox_rows import MARK_DONE, MARK_DONE_IN_TURN, InboxRow, check_turn, row_values, take_turn, turn_params
from storage.repositories._pending import OPEN_CHAT, later
from storage.repositories._sql import insert_ignore, rowcount
from storage.repositories.concerns import concern_of
from storage.tables import (
    CallRow,
    EventRow,
    OfferRow,
    OutboxRow,
    PersonRow,
    ProcessedUpdateRow,
    RequestRow,
)
from storage.tables_reports import OutboxFileRow

_EVENTS, _OUTBOX = cast(Table, EventRow.__table__), cast(Table, OutboxRow.__table__)
_CALLS = cast(Table, CallRow.__table__)
_CALLED = select(_CALLS.c.user_id).where(_CALLS.c.request_id == bindparam("request"))


class SqlCallLog:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, request_id: int, user_ids: Sequence[int], ring: int, at: datetime) -> None:
        # Written with the events and outbox items (repositories/_pending.py).
        for u in user_ids:
            later(self._s, _CALLS, {"request_id": request_id, "user_id": u, "ring": ring, "at": at})

    async def called(self, request_id: int) -> set[int]:
        rows = await self._s.scalars(_CALLED, {"request": request_id})
        return set(rows)

    async def declined(self, request_id: int) -> set[int]:
        rows = await self._s.scalars(
            select(CallRow.user_id).where(CallRow.request_id == request_id, CallRow.declined_at.is_not(None))
        )
        return set(rows)

    async def decline(self, request_id: int, user_id: int, at: datetime) -> bool:
        result = await self._s.execute(
            update(_CALLS)
            .where(CallRow.request_id == request_id, CallRow.user_id == user_id, CallRow.declined_at.is_(None))
            .values(declined_at=at)
            .execution_options(synchronize_session=False)
        )
        return rowcount(result) > 0


class SqlEventLog:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, event: Event) -> None:
        later(self._s, _EVENTS, {
            "request_id": event.request_id, "type": event.type.value, "actor_id": event.actor_id, "at": event.at,
            "detail": dict(event.detail),
        })  # fmt: skip

    async def for_request(self, request_id: int) -> list[Event]:
        rows = await self._s.execute(
            select(EventRow.request_id, EventRow.type, EventRow.actor_id, EventRow.at, EventRow.detail)
            .where(EventRow.request_id == request_id)
            .order_by(EventRow.at, EventRow.id)
        )
        return [Event(r, EventType(t), a, at, dict(d or {})) for r, t, a, at, d in rows]


class SqlOutbox:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, action: Action, *, request_id: int | None = None) -> None:
        values = {
            "chat_id": action_chat(action), "kind": action_kind(action), "payload": action_to_payload(action),
            "ref": action_ref(action), "priority": action_priority(action), "request_id": request_id,
            "status": "pending", "attempts": 0,
            # The port passes no clock; the time is informational (ordering is by id).
            "created_at": datetime.now(UTC),
        }  # fmt: skip
        if not isinstance(action, SendFile):
            # In the order added: the ids the sender goes by are given in the INSERT's row order.
            later(self._s, _OUTBOX, values)
            return
        # Its file's row needs its id (the items added before it are written first).
        outbox_id = await self._s.scalar(insert(OutboxRow).values(**values).returning(OutboxRow.id))
        file = action.file
        await self._s.execute(
            insert(OutboxFileRow).values(outbox_id=outbox_id, name=file.name, mime=file.mime, data=file.data)
        )


_OUTBOX_CHATS = cast(Table, OutboxChatRow.__table__)
# The mark returns whether the update's chat is closed to the bot (the sender found it gone): when
# it is not, as a rule, the core need not write to clear that (SqlGridStore.chat_back).
_CLOSED = (
    select(_OUTBOX_CHATS.c.closed_at).where(_OUTBOX_CHATS.c.chat_id == bindparam("chat")).scalar_subquery().is_not(None)
)
_MARKS = {False: MARK_DONE.returning(_CLOSED), True: MARK_DONE_IN_TURN.returning(_CLOSED)}


class SqlProcessedUpdates:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def first_time(self, key: str) -> bool:
        return await insert_ignore(
            self._s, ProcessedUpdateRow, {"key": key, "at": datetime.now(UTC)}, ["key"]
        )

    async def handled(self, event: ChatEvent) -> bool:
        # Pending → done in this transaction. The row is locked until commit, so a second
        # worker on the same update waits here and then finds it done.
        now = datetime.now(UTC)
        several = self._s.get_bind().dialect.name == "postgresql"
        if several:
            await take_turn(self._s, event)
        marked = (await self._s.execute(_MARKS[several], {**turn_params(event), "at": now})).first()
        if marked is not None:
            if not marked[0]:
                self._s.sync_session.info[OPEN_CHAT] = event.chat_id
            return True
        if several:
            await check_turn(self._s, event)
        # Not pending: handled already, or never stored (the core called without the inbox).
        done = {**row_values(event, now), "state": "done", "handled_at": now}
        return await insert_ignore(self._s, InboxRow, done, ["update_id"])


class SqlLists:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add_offer(self, offer: Offer) -> int:
        new_id = await self._s.scalar(
            insert(OfferRow)
            .values(
                chat_id=offer.chat_id,
                user_id=offer.user_id,
                text=offer.text,
                category=offer.category,
                building=offer.building,
                at=offer.at,
            )
            .returning(OfferRow.id)
        )
        assert new_id is not None
        return int(new_id)

    async def add_concern(self, concern: Concern) -> int:
        new_id = await self._s.scalar(
            insert(ConcernRow)
            .values(
                chat_id=concern.chat_id,
                user_id=concern.user_id,
                text=concern.text,
                category=concern.category,
                building=concern.building,
                community=concern.community or await self._community_of(concern),
                compound=concern.compound,
                message_id=concern.message_id,
                matter_id=concern.matter_id,
                at=concern.at,
            )
            .returning(ConcernRow.id)
        )
        assert new_id is not None
        return int(new_id)

    async def concerns(self, community: str | None = None) -> list[Concern]:
        stmt = select(ConcernRow).order_by(ConcernRow.at, ConcernRow.id)
        if community is not None:
            stmt = stmt.where(ConcernRow.community == community)
        return [concern_of(r) for r in await self._s.scalars(stmt)]

    async def offers(self, chat_ids: Collection[int]) -> list[Offer]:
        rows = await self._s.scalars(
            select(OfferRow)
            .where(OfferRow.chat_id.in_(list(chat_ids)))
            .order_by(OfferRow.at.desc(), OfferRow.id.desc())
        )
        return [Offer(r.chat_id, r.user_id, r.text, r.category, r.building, r.at, r.id) for r in rows]

    async def _community_of(self, concern: Concern) -> str | None:
        """Concern has no community field: take the chat's (from its latest request), else the
        author's home community. See the note on the Lists port in the storage report."""
        chat_community = await self._s.scalar(
            select(RequestRow.community)
            .where(RequestRow.chat_id == concern.chat_id, RequestRow.community.is_not(None))
            .order_by(RequestRow.id.desc())
            .limit(1)
        )
        if chat_community is not None:
            return chat_community
        return await self._s.scalar(select(PersonRow.home_community).where(PersonRow.user_id == concern.user_id))


__all__ = ["SqlCallLog", "SqlEventLog", "SqlLists", "SqlOutbox", "SqlProcessedUpdates"]
