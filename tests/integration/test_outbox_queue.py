"""The sender's view of the outbox, identical on the fake and on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers.chat import Action, AnswerButton, Button, Edit, Send
from handlers.ports import PendingAction
from storage.codec import action_from_payload, action_kind, action_to_payload
from tests.integration.conftest import Backend
from tests.integration.helpers import T0

pytestmark = pytest.mark.asyncio
SEC = timedelta(seconds=1)
A, B = -100, -200


async def _queue(backend: Backend, *actions: Action) -> None:
    async with backend.uow() as uow:
        for action in actions:
            await uow.outbox.add(action)
        await uow.commit()


def _texts(actions: list[PendingAction]) -> list[str]:
    return [a.action.text or "" for a in actions if not isinstance(a.action, AnswerButton)]


async def test_one_item_per_chat_in_order(backend: Backend) -> None:
    await _queue(backend, Send(A, "a1"), Send(A, "a2"), Send(B, "b1"), Send(A, "a3"))
    first = await backend.queue.lease(T0, 10, 30)
    assert _texts(first) == ["a1", "b1"]
    assert await backend.queue.lease(T0, 10, 30) == []  # both chats are in flight
    for item in first:
        await backend.queue.sent(item, 1, T0)
    assert _texts(await backend.queue.lease(T0, 10, 30)) == ["a2"]
    assert await backend.queue.pending_count() == 2



async def test_edit_of_unsent_ref_waits_then_goes(backend: Backend) -> None:
    await _queue(backend, Send(B, "card v0", ref="card:1"), Edit(A, "card:1", "v1"), Send(A, "a1"))
    first = await backend.queue.lease(T0, 10, 30)
    # The edit heads chat A but its message is not sent yet: chat A waits, chat B goes.
    assert _texts(first) == ["card v0"]
    await backend.queue.sent(first[0], 77, T0)
    assert await backend.queue.message_of("card:1") == 77
    second = await backend.queue.lease(T0, 10, 30)
    assert _texts(second) == ["v1"]


async def test_edit_without_any_send_fails(backend: Backend) -> None:
    await _queue(backend, Edit(A, "card:9", "orphan"), Send(A, "a1"))
    assert _texts(await backend.queue.lease(T0, 10, 30)) == ["a1"]
    assert await backend.queue.pending_count() == 1


async def test_edits_are_coalesced(backend: Backend) -> None:
    await _queue(backend, Send(A, "card", ref="card:1"))
    [send] = await backend.queue.lease(T0, 10, 30)
    await backend.queue.sent(send, 50, T0)
    await _queue(backend, Edit(A, "card:1", "v1"), Edit(A, "card:1", "v2"), Send(A, "a1"), Edit(A, "card:1", "v3"))
    [edit] = await backend.queue.lease(T0, 10, 30)
    assert edit.action == Edit(A, "card:1", "v3")
    await backend.queue.sent(edit, None, T0)
    assert _texts(await backend.queue.lease(T0, 10, 30)) == ["a1"]
    assert await backend.queue.pending_count() == 1


async def test_retry_at_blocks_only_that_chat(backend: Backend) -> None:
    await _queue(backend, Send(A, "a1"), Send(A, "a2"), Send(B, "b1"), Send(B, "b2"))
    a1, b1 = await backend.queue.lease(T0, 10, 30)
    await backend.queue.retry_at(a1, T0 + 20 * SEC, "429 retry_after=20")
    await backend.queue.sent(b1, 2, T0)
    assert _texts(await backend.queue.lease(T0 + SEC, 10, 30)) == ["b2"]
    retried = await backend.queue.lease(T0 + 21 * SEC, 10, 30)
    assert _texts(retried) == ["a1"] and retried[0].attempts == 1


async def test_leases_expire(backend: Backend) -> None:
    await _queue(backend, Send(A, "a1"))
    [item] = await backend.queue.lease(T0, 10, 30)
    assert await backend.queue.lease(T0 + 29 * SEC, 10, 30) == []
    [again] = await backend.queue.lease(T0 + 31 * SEC, 10, 30)
    assert again.id == item.id


async def test_answers_flow_without_a_chat(backend: Backend) -> None:
    await _queue(backend, AnswerButton("cb1", "ok"), AnswerButton("cb2", None, alert=True), Send(A, "a1"))
    leased = await backend.queue.lease(T0, 10, 30)
    assert [i.action for i in leased] == [AnswerButton("cb1", "ok"), AnswerButton("cb2", None, True), Send(A, "a1")]
    await backend.queue.failed(leased[0], "query is too old", T0)
    assert await backend.queue.pending_count() == 2


async def test_limit_is_respected(backend: Backend) -> None:
    await _queue(backend, *(Send(-i, f"m{i}") for i in range(1, 6)))
    assert len(await backend.queue.lease(T0, 3, 30)) == 3
    assert len(await backend.queue.lease(T0, 3, 30)) == 2


async def test_payload_round_trip() -> None:
    actions: list[Action] = [
        Send(A, "<b>hi</b>", ((Button("我来", "c:1"), Button("no", "n:1")),), reply_to_message_id=3, ref="card:1"),
        Edit(A, "card:1", "v2", ((Button("done", "d:1"),),)),
        AnswerButton("cb", "好", alert=True),
    ]
    for action in actions:
        assert action_from_payload(action_kind(action), action_to_payload(action)) == action
