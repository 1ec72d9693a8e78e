"""Suggestions and corrections: one contract on the fake, SQLite and PostgreSQL; deletions in the outbox."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers.chat import Delete, Send
from handlers.domain.feedback import Correction, Reason, Suggestion, SuggestionStatus, suggestion_ref
from storage.codec import action_from_payload, action_kind, action_to_payload
from tests.integration.conftest import Backend
from tests.integration.helpers import T0

pytestmark = pytest.mark.asyncio
CHAT = -100
MIN = timedelta(minutes=1)
LABEL: dict[str, object] = {"kind": "chat", "category": None, "building": "198", "urgent": False,
                            "emergency": False}


def _suggestion(message_id: int, *, created: int = 0) -> Suggestion:
    at = T0 + created * MIN
    return Suggestion(0, CHAT, message_id, 7, "阿姨", f"谁去超市? {message_id}", LABEL, "v1", at, at + 5 * MIN)


async def test_suggestions_are_stored_found_closed_once_and_come_due(backend: Backend) -> None:
    async with backend.uow() as uow:
        first = await uow.suggestions.add(_suggestion(10))
        second = await uow.suggestions.add(_suggestion(11, created=2))
        await uow.commit()
    async with backend.uow() as uow:
        got = await uow.suggestions.get(first)
        assert got is not None and got.id == first and got.status is SuggestionStatus.PENDING
        assert (got.text, got.reader_label, got.reader_version) == ("谁去超市? 10", LABEL, "v1")
        assert got.author_name == "阿姨"
        assert got.expires_at == T0 + 5 * MIN and got.expires_at.tzinfo is not None
        assert (await uow.suggestions.by_message(CHAT, 11)) is not None
        assert await uow.suggestions.by_message(CHAT, 12) is None
        assert await uow.suggestions.get(9999) is None
        assert [s.id for s in await uow.suggestions.due(T0 + 4 * MIN, 10)] == []
        assert [s.id for s in await uow.suggestions.due(T0 + 6 * MIN, 10)] == [first]
        assert [s.id for s in await uow.suggestions.due(T0 + 8 * MIN, 10)] == [first, second]
        closed = await uow.suggestions.close(first, SuggestionStatus.USED, T0 + MIN)
        assert closed is not None and closed.status is SuggestionStatus.USED
        assert await uow.suggestions.close(first, SuggestionStatus.EXPIRED, T0 + 2 * MIN) is None
        await uow.commit()
    async with backend.uow() as uow:
        assert [s.id for s in await uow.suggestions.due(T0 + 8 * MIN, 10)] == [second]


async def test_the_sent_suggestion_is_found_by_its_bot_message_and_its_deletion_waits_for_it(
    backend: Backend,
) -> None:
    async with backend.uow() as uow:
        suggestion_id = await uow.suggestions.add(_suggestion(10))
        ref = suggestion_ref(suggestion_id)
        await uow.outbox.add(Send(CHAT, "ask the neighbours?", reply_to_message_id=10, ref=ref))
        await uow.outbox.add(Delete(CHAT, ref))
        await uow.outbox.add(Delete(CHAT, "suggest:9999"))  # never sent: fails, does not block
        await uow.commit()
    [send] = await backend.queue.lease(T0, 10, 30)
    assert isinstance(send.action, Send)
    assert await backend.queue.lease(T0, 10, 30) == []  # the chat is in flight
    await backend.queue.sent(send, 555, T0)
    async with backend.uow() as uow:
        found = await uow.suggestions.by_bot_message(CHAT, 555)
        assert found is not None and found.id == suggestion_id
        assert await uow.suggestions.by_bot_message(CHAT, 556) is None
    [delete] = await backend.queue.lease(T0, 10, 30)
    assert delete.action == Delete(CHAT, ref)
    assert await backend.queue.message_of(ref) == 555
    await backend.queue.sent(delete, 555, T0)
    assert await backend.queue.lease(T0, 10, 30) == []
    assert await backend.queue.pending_count() == 0


async def test_corrections_are_kept_in_order(backend: Backend) -> None:
    later = Correction(CHAT, 11, 8, "我来", LABEL, {**LABEL, "kind": "request", "category": "other"},
                       Reason.CLAIMED_AS_CHAT, T0 + MIN, "v1")
    earlier = Correction(CHAT, None, 7, "帮我取快递", LABEL, {**LABEL, "kind": "request"}, Reason.FORCED_ASK, T0,
                         "v1", request_id=3)
    async with backend.uow() as uow:
        await uow.corrections.add(later)
        await uow.corrections.add(earlier)
        await uow.commit()
    async with backend.uow() as uow:
        assert await uow.corrections.all() == [earlier, later]


async def test_a_deletion_round_trips_through_the_outbox_payload() -> None:
    action = Delete(CHAT, "suggest:3")
    assert action_kind(action) == "delete"
    assert action_from_payload("delete", action_to_payload(action)) == action
