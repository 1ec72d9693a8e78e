"""A sender killed mid-call: what the next one does with the calls that were under way (the attempt
markers of storage/outbox_started.py and the rule of bot/delivery_settle.py), on the fake and on
both databases, with the real sender draining the queue into a recording Bot API.

The dead sender is played by a lease whose calls are marked started and never recorded; its
leases have run out by the time the next sender looks.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.config import OutboxSection
from bot.sender import OutboxSender
from handlers.chat import Action, Edit, File, Keyboard, Send
from storage.queue import PendingAction
from storage.tables import OutboxRow
from tests.integration.conftest import Backend
from tests.integration.helpers import add_request, new_request

pytestmark = pytest.mark.asyncio
A, B, C, D, F = -100, -200, -300, -400, -500
LIMITS = OutboxSection(per_chat_per_second=100, per_group_per_minute=1000, global_per_second=1000, poll_seconds=0.05)


class RecordingApi:
    """The Bot API as the new sender meets it: every call answered, and written down."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int, str]] = []
        self._ids = itertools.count(1000)

    async def send_message(self, chat_id: int, text: str, keyboard: Keyboard, reply_to_message_id: int | None) -> int:
        self.calls.append(("sendMessage", chat_id, text))
        return next(self._ids)

    async def edit_message(self, chat_id: int, message_id: int, text: str, keyboard: Keyboard) -> None:
        self.calls.append(("editMessageText", chat_id, text))

    async def send_file(self, chat_id: int, file: File, caption: str, photo: bool) -> int:
        self.calls.append(("sendDocument", chat_id, caption))
        return next(self._ids)

    async def answer_button(self, callback_id: str, text: str | None, alert: bool) -> None:
        self.calls.append(("answerCallbackQuery", 0, text or ""))

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        self.calls.append(("deleteMessage", chat_id, ""))


async def _queue(backend: Backend, *actions: tuple[Action, int | None]) -> None:
    async with backend.uow() as uow:
        for action, request_id in actions:
            await uow.outbox.add(action, request_id=request_id)
        await uow.commit()


async def _rows(backend: Backend) -> dict[str, tuple[str, str | None, int | None]]:
    """(status, error, message id) of each outbox row, by its text."""
    if backend.engine is None:
        store = backend.uow.store  # type: ignore[attr-defined]  # the fake's
        return {getattr(o.action, "text", ""): (o.status, o.error, o.message_id) for o in store.outbox}
    async with backend.engine.connect() as connection:
        found = await connection.execute(select(OutboxRow.payload, OutboxRow.status, OutboxRow.error,
                                                OutboxRow.message_id))  # fmt: skip
        return {payload.get("text", ""): (status, error, message_id) for payload, status, error, message_id in found}


async def test_the_next_sender_settles_the_calls_a_killed_one_had_under_way(
    backend: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    plain = await add_request(backend.uow)
    emergency = await add_request(backend.uow, replace(new_request(2), emergency=True, urgent=True))
    dead_at = datetime.now(UTC) - timedelta(seconds=60)  # its 30 s leases have run out
    # A card sent and recorded long ago, so that an edit of it can be under way.
    await _queue(backend, (Send(D, "card d", ref="card:d"), None))
    [card_d] = await backend.queue.lease(dead_at - timedelta(seconds=10), 10, 30)
    await backend.queue.sent(card_d, 500, dead_at - timedelta(seconds=10))
    await _queue(
        backend,
        (Send(A, "card", ref=f"card:{plain.id}"), plain.id),  # under way: counts as delivered
        (Send(A, "next in A"), None),  # behind it in its chat: goes once that is settled
        (Send(B, "call 120 now", urgent=True), emergency.id),  # under way, urgent: goes again
        (Send(C, "emergency card", ref=f"card:{emergency.id}"), emergency.id),  # under way: goes again
        (Edit(D, "card:d", "card d, claimed"), None),  # under way: doing it twice changes nothing
        (Send(F, "leased, never started"), None),  # leased ahead: sent as usual
    )

    def dead_sender_starts(batch: Sequence[PendingAction]) -> list[int]:
        return [item.id for item in batch if getattr(item.action, "chat_id", None) != F]

    leased = await backend.queue.lease(dead_at, 10, 30, start=dead_sender_starts)
    assert {getattr(i.action, "text", "") for i in leased} == {
        "card", "call 120 now", "emergency card", "card d, claimed", "leased, never started"}  # fmt: skip
    # ...and the dead sender never recorded any of it.

    api = RecordingApi()
    sender = OutboxSender(backend.queue, api, LIMITS, lease_seconds=30)
    with caplog.at_level(logging.WARNING, logger="bot.sender"):
        assert await sender.drain(timeout=20)
    texts = sorted(text for _, _, text in api.calls)
    assert texts == sorted(["next in A", "call 120 now", "emergency card", "card d, claimed", "leased, never started"])
    rows = await _rows(backend)
    status, error, message_id = rows["card"]
    assert status == "sent" and message_id is None
    assert error is not None and error.startswith("assumed delivered")
    assert {text: row[0] for text, row in rows.items()} == dict.fromkeys(rows, "sent")
    assert rows["emergency card"][1] is None and rows["emergency card"][2] is not None  # sent anew, recorded
    warnings = [r.getMessage() for r in caplog.records]
    assert sum("assumed delivered" in w for w in warnings) == 1
    assert [w.rsplit("(", 1)[1] for w in warnings if "; sent again" in w] == [
        "urgent, outbox #4)", "about an emergency, outbox #5)", "doing it twice changes nothing, outbox #6)",
    ]  # fmt: skip


async def test_a_call_started_and_answered_is_not_settled_but_recorded(backend: Backend) -> None:
    # The marker alone settles nothing: a call whose answer was recorded is simply sent.
    await _queue(backend, (Send(A, "a1", ref="card:1"), None), (Send(A, "a2"), None))
    now = datetime.now(UTC)
    [a1] = await backend.queue.lease(now, 10, 30, start=lambda batch: [item.id for item in batch])
    assert a1.interrupted is None
    [a2] = await backend.queue.lease(now, 10, 30, [(a1, 41)], start=lambda batch: [])
    assert await backend.queue.message_of("card:1") == 41
    # a2 was leased and never started; once its lease has run out it comes back unmarked.
    [again] = await backend.queue.lease(now + timedelta(seconds=31), 10, 30)
    assert again.id == a2.id and again.interrupted is None
