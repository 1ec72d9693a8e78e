"""The sending side of the outbox: what the rate-limited sender leases, sends and records.

What is handed out of each chat is its head: its due pending item of the highest priority (the
call to the emergency number, then cards, calls and edits, then acknowledgements), the oldest
first; and, when the sender asks for more than one a chat (`per_chat`: its limits let a chat's
messages go back to back), the cards and calls right behind it in that order, so that it sends
them one after another without a lease between them. An item waiting out its backoff is not
due, so a failing message never holds back the rest of its chat. A chat waits alone while it
has an item in flight or is held (a 429's retry_after, a group's full minute:
`outbox_chats.held_until`); a chat closed to the bot gets nothing more until the bot hears from
it. Each method is its own short transaction; on PostgreSQL candidate rows are locked FOR
UPDATE SKIP LOCKED so several workers can drain the same table without handing out the same
item or breaking a chat's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Row, Table, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from handlers.chat import AnswerButton
from storage import outbox_chats
from storage.codec import action_from_payload
from storage.outbox_files import drop_file, with_file
from storage.outbox_heads import heads
from storage.outbox_sent import mark_sent
from storage.outbox_started import interruption, lease_and_start
from storage.queue import Interrupted, PendingAction, StartNow, lease_order
from storage.repositories._sql import columns
from storage.tables import OutboxRow, SentRefRow
from storage.uow import session_factory

# Failing or superseding a chat's head reveals the next one; look again a few times per lease.
_ROUNDS = 4
# The items of chats closed to the bot (never leased: `outbox_chats.blocked_chats`) are failed
# at the first lease, after this queue closed a chat, and at most this long after being queued
# otherwise (a chat closed by another worker): not by an UPDATE in every lease.
SWEEP_SECONDS = 10.0
_OUTBOX = cast(Table, OutboxRow.__table__)


class SqlOutboxQueue:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._sweep_due: datetime | None = None  # fail_in_closed_chats at or after this (None: now)

    @classmethod
    def from_engine(cls, engine: AsyncEngine) -> SqlOutboxQueue:
        return cls(session_factory(engine))

    async def lease(
        self, now: datetime, limit: int, lease_seconds: float, sent: Sequence[tuple[PendingAction, int | None]] = (),
        start: StartNow | None = None, per_chat: int = 1,
    ) -> list[PendingAction]:
        leased: list[PendingAction] = []
        async with self._sessions() as s, s.begin():
            # What was sent since the last lease is marked first: its chats' next items are heads now.
            await mark_sent(s, sent, now)
            until = now + timedelta(seconds=lease_seconds)
            last_round = await self._lease_heads(s, now, limit, until, leased, per_chat) if limit > 0 else []
            leased.sort(key=lease_order)
            # The calls go out once this commits, so a sender dying mid-call leaves its marker;
            # written with the last round's leases, in one statement.
            starts = start(leased) if start is not None else ()
            await lease_and_start(s, last_round, until, starts, now)
        return leased

    async def _lease_heads(
        self, s: AsyncSession, now: datetime, limit: int, until: datetime, leased: list[PendingAction], per_chat: int
    ) -> list[int]:
        """Lease heads into `leased`; the ids of the last round, whose leases are not written yet."""
        if self._sweep_due is None or now >= self._sweep_due:
            await outbox_chats.fail_in_closed_chats(s, now)
            self._sweep_due = now + timedelta(seconds=SWEEP_SECONDS)
        taken: set[int] = set()
        for round_ in range(_ROUNDS):
            rows = await heads(s, now, limit - len(leased), taken, per_chat)
            progressed, chosen_ids = False, []
            chains: dict[int, int] = {}  # chat -> the rank it may go on with (0: stopped)
            for row in rows:
                if row.id in taken:
                    continue  # a coalesced edit already leased in its head's place
                chat, rank = row.chat_id, row.rank
                if chat is not None:
                    # A chat's items go in its order, without a gap (a row locked by another
                    # worker, SKIP LOCKED): only the head, or the next rank of a chain of cards.
                    if chains.get(chat, 1) != rank:
                        chains[chat] = 0
                        continue
                    plain = row.kind in ("send", "file") and row.priority > 0
                    if rank > 1 and not plain:
                        chains[chat] = 0  # edits, deletions and acknowledgements only as heads
                        continue
                    chains[chat] = rank + 1 if plain else 0
                taken.add(row.id)
                if row.kind == "send" and row.priority == 0 and await outbox_chats.fold(s, row, now):
                    progressed = True
                    continue
                if row.kind in ("edit", "delete"):
                    chosen, ended = await self._edit_to_send(s, row, now)
                    # A head that ended frees its chat for the next round; a waiting one does not.
                    progressed = progressed or ended
                    if chosen is None:
                        continue
                    row = chosen
                    taken.add(row.id)
                chosen_ids.append(row.id)
                leased.append(await with_file(s, _pending(row, await interruption(s, row))))
            if not progressed or len(leased) >= limit or round_ == _ROUNDS - 1:
                return chosen_ids
            # One UPDATE for the round, before the next round, whose heads it decides (a chat in
            # flight gives none).
            await lease_and_start(s, chosen_ids, until, (), now)
        return []

    async def _edit_to_send(self, s: AsyncSession, head: Row[Any], now: datetime) -> tuple[Row[Any] | None, bool]:
        """The edit to lease in place of `head`: the newest pending one for the same message; and
        whether `head` itself ended (failed: no Send exists under its ref; or superseded).

        None when the edit must wait for its Send, or was failed."""
        has_message = await s.scalar(select(SentRefRow.message_id).where(SentRefRow.ref == head.ref))
        if has_message is None:
            send_pending = await s.scalar(
                select(OutboxRow.id).where(
                    OutboxRow.status == "pending", OutboxRow.kind == "send", OutboxRow.ref == head.ref
                ).limit(1)
            )
            if send_pending is not None:
                return None, False
            await _end_unsent([head.id], "failed", f"no message sent under ref {head.ref}", now, s)
            return None, True
        if head.kind == "delete":
            return head, False  # a deletion is not coalesced with edits: it goes as it is, after them
        edits = list(
            (
                await s.execute(
                    columns(OutboxRow)
                    .where(
                        _OUTBOX.c.status == "pending",
                        _OUTBOX.c.kind == "edit",
                        _OUTBOX.c.ref == head.ref,
                        _OUTBOX.c.chat_id == head.chat_id,
                    )
                    .order_by(_OUTBOX.c.id)
                    .with_for_update()
                )
            ).all()
        )
        newest = edits[-1] if edits else head
        older = [edit.id for edit in edits[:-1]]
        if older:
            # Only the latest text of a message matters; sending the others wastes the chat's quota.
            await _end_unsent(older, "superseded", f"superseded by {newest.id}", None, s)
        return newest, head.id in older

    async def sent(self, item: PendingAction, message_id: int | None, now: datetime) -> None:
        await self.sent_many([(item, message_id)], now)

    async def sent_many(self, marks: Sequence[tuple[PendingAction, int | None]], now: datetime) -> None:
        async with self._sessions() as s, s.begin():
            await mark_sent(s, marks, now)

    async def retry_at(self, item: PendingAction, when: datetime, error: str) -> None:
        async with self._sessions() as s, s.begin():
            await s.execute(
                update(OutboxRow)
                .where(OutboxRow.id == item.id)
                .values(not_before=when, attempts=OutboxRow.attempts + 1, leased_until=None, started_at=None,
                        error=error)
                .execution_options(synchronize_session=False)
            )

    async def release(self, item: PendingAction, hold_until: datetime | None) -> None:
        async with self._sessions() as s, s.begin():
            await s.execute(
                update(OutboxRow)
                .where(OutboxRow.id == item.id, OutboxRow.status == "pending")
                .values(leased_until=None, started_at=None)
                .execution_options(synchronize_session=False)
            )
            chat_id = _chat_of(item)
            if hold_until is not None and chat_id is not None:
                await outbox_chats.hold(s, chat_id, hold_until)
            elif hold_until is not None:  # a button answer: only the item can wait
                await s.execute(
                    update(OutboxRow).where(OutboxRow.id == item.id).values(not_before=hold_until)
                    .execution_options(synchronize_session=False)
                )  # fmt: skip

    async def assumed_sent(self, item: PendingAction, now: datetime, note: str) -> None:
        async with self._sessions() as s, s.begin():
            await mark_sent(s, [(item, None)], now, note)

    async def failed(self, item: PendingAction, error: str, now: datetime, *, close_chat: bool = False) -> None:
        async with self._sessions() as s, s.begin():
            await outbox_chats.end(s, item, "failed", error, now)
            await drop_file(s, item)
            chat_id = _chat_of(item)
            if close_chat and chat_id is not None:
                await outbox_chats.close(s, chat_id, error, now)
                self._sweep_due = None  # what is queued for it meanwhile fails at the next lease

    async def park(self, item: PendingAction, error: str, now: datetime) -> None:
        async with self._sessions() as s, s.begin():
            await outbox_chats.end(s, item, "parked", error, now)
            await drop_file(s, item)

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


async def _end_unsent(ids: list[int], status: str, error: str, now: datetime | None, s: AsyncSession) -> None:
    # sent_at: when a failed row was given up (a superseded edit keeps none, as before).
    values: dict[str, Any] = {"status": status, "error": error}
    if now is not None:
        values["sent_at"] = now
    await s.execute(update(_OUTBOX).where(_OUTBOX.c.id.in_(ids)).values(**values))


def _chat_of(item: PendingAction) -> int | None:
    return None if isinstance(item.action, AnswerButton) else item.action.chat_id


def _pending(row: Row[Any], interrupted: Interrupted | None = None) -> PendingAction:
    return PendingAction(
        row.id, action_from_payload(row.kind, row.payload), row.attempts, row.request_id, row.created_at, interrupted
    )
