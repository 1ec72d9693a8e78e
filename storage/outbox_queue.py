"""The sending side of the outbox: what the rate-limited sender leases, sends and records.

Order matters per chat (a card before its edits, messages in the order they were queued), so only
the head of each chat is ever handed out: its oldest pending urgent item (the call to the
emergency number jumps the chat's backlog of card edits), else its oldest pending item. A chat
blocked by a 429 or a flood-limit deferral (a `not_before` ahead on any of its pending items) or
by an item in flight waits alone while the others keep flowing. Each method is its own short
transaction; on PostgreSQL candidate rows are locked FOR UPDATE SKIP LOCKED so several workers
can drain the same table without handing out the same item or breaking a chat's order.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import case, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from handlers.chat import Send, SendFile
from handlers.domain.feedback import suggestion_of_ref
from storage.codec import action_from_payload, request_of_ref
from storage.queue import PendingAction
from storage.repositories._sql import fresh, insert_ignore, upsert
from storage.tables import OutboxRow, RequestMessageRow, RequestRow, SentRefRow, SuggestionRow
from storage.tables_reports import OutboxFileRow
from storage.uow import session_factory

# Failing or superseding a chat's head reveals the next one; look again a few times per lease.
_ROUNDS = 4


class SqlOutboxQueue:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    @classmethod
    def from_engine(cls, engine: AsyncEngine) -> SqlOutboxQueue:
        return cls(session_factory(engine))

    async def lease(self, now: datetime, limit: int, lease_seconds: float) -> list[PendingAction]:
        until = now + timedelta(seconds=lease_seconds)
        leased: list[PendingAction] = []
        async with self._sessions() as s, s.begin():
            taken: set[int] = set()
            for _ in range(_ROUNDS):
                heads = await self._heads(s, now, limit - len(leased), taken)
                progressed = False
                for row in heads:
                    taken.add(row.id)
                    if row.kind in ("edit", "delete"):
                        chosen = await self._edit_to_send(s, row, now)
                        # A failed head frees its chat for the next round; a waiting one does not.
                        progressed = progressed or row.status != "pending"
                        if chosen is None:
                            continue
                        row = chosen
                        taken.add(row.id)
                    row.leased_until = until
                    leased.append(await _with_file(s, _pending(row)))
                await s.flush()
                if not progressed or len(leased) >= limit:
                    break
        leased.sort(key=lambda item: (not item.urgent, item.id))
        return leased

    async def _heads(self, s: AsyncSession, now: datetime, limit: int, taken: set[int]) -> list[OutboxRow]:
        pending = OutboxRow.status == "pending"
        # Per chat: its oldest urgent item if it has one, else its oldest item.
        head_per_chat = (
            select(func.coalesce(func.min(case((OutboxRow.priority > 0, OutboxRow.id))), func.min(OutboxRow.id)))
            .where(pending, OutboxRow.chat_id.is_not(None))
            .group_by(OutboxRow.chat_id)
        )
        # A chat with anything in flight (a coalesced edit can be in flight while older items
        # of its chat are still pending) or anything told to wait (a 429's retry_after, a
        # group's minute, a backoff, even on an item an urgent one overtook) sends nothing.
        blocked_chats = select(OutboxRow.chat_id).where(
            pending,
            OutboxRow.chat_id.is_not(None),
            or_(OutboxRow.leased_until > now, OutboxRow.not_before > now),
        )
        stmt = (
            select(OutboxRow)
            .where(
                pending,
                or_(
                    OutboxRow.id.in_(head_per_chat) & OutboxRow.chat_id.not_in(blocked_chats),
                    OutboxRow.chat_id.is_(None),
                ),
                or_(OutboxRow.leased_until.is_(None), OutboxRow.leased_until <= now),
                or_(OutboxRow.not_before.is_(None), OutboxRow.not_before <= now),
                OutboxRow.id.not_in(taken),
            )
            .order_by(OutboxRow.priority.desc(), OutboxRow.id)
            .limit(max(limit, 0))
            .with_for_update(skip_locked=True)
        )
        return list((await s.scalars(fresh(stmt))).all())

    async def _edit_to_send(self, s: AsyncSession, head: OutboxRow, now: datetime) -> OutboxRow | None:
        """The edit to lease in place of `head`: the newest pending one for the same message.

        None when the edit must wait for its Send, or was failed because no Send exists."""
        has_message = await s.scalar(select(SentRefRow.message_id).where(SentRefRow.ref == head.ref))
        if has_message is None:
            send_pending = await s.scalar(
                select(OutboxRow.id).where(
                    OutboxRow.status == "pending", OutboxRow.kind == "send", OutboxRow.ref == head.ref
                ).limit(1)
            )
            if send_pending is None:
                head.status, head.error, head.sent_at = "failed", f"no message sent under ref {head.ref}", now
            return None
        if head.kind == "delete":
            return head  # a deletion is not coalesced with edits: it goes as it is, after them
        edits = list(
            (
                await s.scalars(
                    fresh(
                        select(OutboxRow)
                        .where(
                            OutboxRow.status == "pending",
                            OutboxRow.kind == "edit",
                            OutboxRow.ref == head.ref,
                            OutboxRow.chat_id == head.chat_id,
                        )
                        .order_by(OutboxRow.id)
                        .with_for_update()
                    )
                )
            ).all()
        )
        newest = edits[-1] if edits else head
        for older in edits[:-1]:
            # Only the latest text of a message matters; sending the others wastes the chat's quota.
            older.status, older.error = "superseded", f"superseded by {newest.id}"
        return newest

    async def sent(self, item: PendingAction, message_id: int | None, now: datetime) -> None:
        async with self._sessions() as s, s.begin():
            await s.execute(
                update(OutboxRow)
                .where(OutboxRow.id == item.id)
                .values(status="sent", sent_at=now, message_id=message_id, leased_until=None, error=None)
                .execution_options(synchronize_session=False)
            )
            await _drop_file(s, item)
            action = item.action
            if not isinstance(action, Send) or action.ref is None or message_id is None:
                return
            values = {"ref": action.ref, "chat_id": action.chat_id, "message_id": message_id}
            await upsert(s, SentRefRow, values, ["ref"])
            suggestion_id = suggestion_of_ref(action.ref)
            if suggestion_id is not None:
                # A reply to the suggestion then finds it (its author asking for help after all).
                await s.execute(
                    update(SuggestionRow)
                    .where(SuggestionRow.id == suggestion_id)
                    .values(bot_message_id=message_id)
                    .execution_options(synchronize_session=False)
                )
                return
            request_id = request_of_ref(action.ref)
            if request_id is not None and await s.get(RequestRow, request_id) is not None:
                # A reply to a card or a private call then means that request.
                await insert_ignore(
                    s,
                    RequestMessageRow,
                    {"chat_id": action.chat_id, "message_id": message_id, "request_id": request_id},
                    ["chat_id", "message_id"],
                )

    async def retry_at(self, item: PendingAction, when: datetime, error: str) -> None:
        async with self._sessions() as s, s.begin():
            await s.execute(
                update(OutboxRow)
                .where(OutboxRow.id == item.id)
                .values(not_before=when, attempts=OutboxRow.attempts + 1, leased_until=None, error=error)
                .execution_options(synchronize_session=False)
            )

    async def release(self, item: PendingAction, not_before: datetime | None) -> None:
        async with self._sessions() as s, s.begin():
            await s.execute(
                update(OutboxRow)
                .where(OutboxRow.id == item.id, OutboxRow.status == "pending")
                .values(not_before=not_before, leased_until=None)
                .execution_options(synchronize_session=False)
            )

    async def failed(self, item: PendingAction, error: str, now: datetime) -> None:
        async with self._sessions() as s, s.begin():
            await s.execute(
                update(OutboxRow)
                .where(OutboxRow.id == item.id)
                .values(
                    status="failed", error=error, sent_at=now, attempts=OutboxRow.attempts + 1, leased_until=None
                )
                .execution_options(synchronize_session=False)
            )
            await _drop_file(s, item)

    async def message_of(self, ref: str) -> int | None:
        async with self._sessions() as s, s.begin():
            return await s.scalar(select(SentRefRow.message_id).where(SentRefRow.ref == ref))

    async def pending_count(self) -> int:
        async with self._sessions() as s, s.begin():
            count = await s.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.status == "pending"))
            return int(count or 0)

    async def recent_sends(self, since: datetime) -> list[tuple[int | None, datetime]]:
        async with self._sessions() as s, s.begin():
            rows = await s.execute(
                select(OutboxRow.chat_id, OutboxRow.sent_at)
                .where(OutboxRow.status == "sent", OutboxRow.sent_at >= since)
                .order_by(OutboxRow.sent_at, OutboxRow.id)
            )
            return [(chat_id, sent_at) for chat_id, sent_at in rows if sent_at is not None]


async def _with_file(s: AsyncSession, item: PendingAction) -> PendingAction:
    """A SendFile with its bytes back from outbox_files (they are not in the payload)."""
    if not isinstance(item.action, SendFile):
        return item
    data = await s.scalar(select(OutboxFileRow.data).where(OutboxFileRow.outbox_id == item.id))
    return replace(item, action=replace(item.action, file=replace(item.action.file, data=data or b"")))


async def _drop_file(s: AsyncSession, item: PendingAction) -> None:
    # Sent or given up, the bytes are no longer needed; the row keeps the file's name.
    if isinstance(item.action, SendFile):
        await s.execute(delete(OutboxFileRow).where(OutboxFileRow.outbox_id == item.id))


def _pending(row: OutboxRow) -> PendingAction:
    return PendingAction(
        row.id, action_from_payload(row.kind, row.payload), row.attempts, row.request_id, row.created_at
    )
