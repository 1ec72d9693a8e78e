"""The sender's view of the outbox, identical on the fake and on both databases."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from handlers.chat import Action, AnswerButton, Button, Edit, Send
from storage.codec import action_from_payload, action_kind, action_to_payload
from storage.outbox_queue import SWEEP_SECONDS, SqlOutboxQueue
from storage.queue import PendingAction
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



async def test_a_lease_marks_what_was_sent_first_and_gives_those_chats_next_items(backend: Backend) -> None:
    await _queue(backend, Send(A, "a1", ref="card:1"), Send(A, "a2"), Send(B, "b1"), Send(B, "b2"))
    first = await backend.queue.lease(T0, 10, 30)
    assert _texts(first) == ["a1", "b1"]
    # One round trip: both marked sent (a1's message id recorded under its ref), both chats' next leased.
    second = await backend.queue.lease(T0 + SEC, 10, 30, [(first[0], 41), (first[1], 42)])
    assert _texts(second) == ["a2", "b2"]
    assert await backend.queue.message_of("card:1") == 41
    assert await backend.queue.pending_count() == 2
    assert [chat for chat, _ in await backend.queue.recent_sends(T0)] == [A, B]
    # Marking alone (a limit of 0) leases nothing.
    assert await backend.queue.lease(T0 + 2 * SEC, 0, 30, [(second[0], 43)]) == []
    assert await backend.queue.pending_count() == 1


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


async def test_a_failed_item_waits_alone_and_holds_back_nothing_of_its_chat(backend: Backend) -> None:
    await _queue(backend, Send(A, "a1"), Send(A, "a2"), Send(B, "b1"), Send(B, "b2"))
    a1, b1 = await backend.queue.lease(T0, 10, 30)
    await backend.queue.retry_at(a1, T0 + 20 * SEC, "unreachable")
    await backend.queue.sent(b1, 2, T0)
    assert _texts(await backend.queue.lease(T0 + SEC, 10, 30)) == ["a2", "b2"]  # no head-of-line blocking


async def test_a_held_chat_gives_nothing_until_its_hold_ends(backend: Backend) -> None:
    await _queue(backend, Send(A, "a1"), Send(A, "a2"), Send(B, "b1"))
    a1, _ = await backend.queue.lease(T0, 10, 30)
    await backend.queue.release(a1, T0 + 20 * SEC)  # a 429's retry_after, or the group's minute
    assert _texts(await backend.queue.lease(T0 + SEC, 10, 30)) == []
    await backend.queue.release(a1, T0 + 5 * SEC)  # an earlier hold never shortens a later one
    retried = await backend.queue.lease(T0 + 21 * SEC, 10, 30)
    assert _texts(retried) == ["a1"] and retried[0].attempts == 0


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
        Send(A, "call 120 now", reply_to_message_id=3, urgent=True),
        Edit(A, "card:1", "v2", ((Button("done", "d:1"),),)),
        AnswerButton("cb", "好", alert=True),
    ]
    for action in actions:
        assert action_from_payload(action_kind(action), action_to_payload(action)) == action
    # Payloads written before `urgent` existed read as not urgent.
    assert action_from_payload("send", {"chat_id": A, "text": "old"}) == Send(A, "old")


def _backlog(chat_id: int) -> list[Action]:
    """Ten items for one group: five cards, each followed by an edit."""
    items: list[Action] = []
    for i in range(1, 6):
        items += [Send(chat_id, f"card {i}", ref=f"card:{i}"), Edit(chat_id, f"card:{i}", f"card {i} v2")]
    return items


async def _send_all(backend: Backend, chat_id: int, at: datetime) -> list[str]:
    """Lease, send and record one chat's items one at a time; their texts in the order sent."""
    texts: list[str] = []
    for n in itertools.count(1):
        leased = [i for i in await backend.queue.lease(at, 10, 30) if getattr(i.action, "chat_id", None) == chat_id]
        if not leased:
            return texts
        [item] = leased
        texts += _texts(leased)
        await backend.queue.sent(item, 1000 + n, at)
    return texts


async def test_an_urgent_send_jumps_its_chats_backlog(backend: Backend) -> None:
    await _queue(backend, *_backlog(A), Send(B, "b1"), Send(A, "call 120 now", urgent=True), Send(A, "after"))
    first = await backend.queue.lease(T0, 10, 30)
    assert _texts(first) == ["call 120 now", "b1"]  # urgent first, then by id
    assert first[0].urgent and first[0].action == Send(A, "call 120 now", urgent=True)
    await backend.queue.sent(first[0], 999, T0)
    # The rest of the chat keeps its order; every edit still waits for its card.
    assert await _send_all(backend, A, T0) == [a.text for a in _backlog(A)] + ["after"]


async def test_urgent_heads_are_leased_first_when_the_limit_is_short(backend: Backend) -> None:
    await _queue(backend, Send(A, "a1"), AnswerButton("cb1"), Send(B, "b1"), Send(-300, "c1", urgent=True))
    assert _texts(await backend.queue.lease(T0, 1, 30)) == ["c1"]
    assert [i.action for i in await backend.queue.lease(T0, 2, 30)] == [Send(A, "a1"), AnswerButton("cb1")]


async def test_of_several_urgent_items_the_oldest_goes_first(backend: Backend) -> None:
    await _queue(backend, Send(A, "a1"), Send(A, "u1", urgent=True), Send(A, "a2"), Send(A, "u2", urgent=True))
    assert await _send_all(backend, A, T0) == ["u1", "u2", "a1", "a2"]


async def test_an_urgent_send_waits_for_the_item_in_flight_and_the_chats_retry_after(backend: Backend) -> None:
    await _queue(backend, Send(A, "a1"), Send(A, "a2"))
    [a1] = await backend.queue.lease(T0, 10, 30)
    await _queue(backend, Send(A, "call 120 now", urgent=True))
    assert await backend.queue.lease(T0, 10, 30) == []  # one item in flight per chat
    await backend.queue.release(a1, T0 + 20 * SEC)  # 429 retry_after=20
    assert await backend.queue.lease(T0 + SEC, 10, 30) == []  # the chat's retry_after holds it too
    [urgent] = await backend.queue.lease(T0 + 21 * SEC, 10, 30)
    assert _texts([urgent]) == ["call 120 now"]
    await backend.queue.sent(urgent, 5, T0 + 21 * SEC)
    assert await _send_all(backend, A, T0 + 21 * SEC) == ["a1", "a2"]


async def test_cards_go_before_acknowledgements_and_urgent_before_both(backend: Backend) -> None:
    await _queue(
        backend, Send(A, "ack1", ack=True), Send(A, "card", ref="card:1"), Send(A, "ack2", ack=True),
        Send(A, "sos", urgent=True),
    )  # fmt: skip
    assert await _send_all(backend, A, T0) == ["sos", "card", "ack1", "ack2"]


async def test_equal_acknowledgements_fold_into_the_one_just_sent(backend: Backend) -> None:
    taken = [Send(A, f"taken {i}", reply_to_message_id=i, ref="ack:claim_taken:7", ack=True) for i in range(5)]
    await _queue(backend, *taken, Send(A, "another", ref="ack:claim_taken:8", ack=True))
    assert await _send_all(backend, A, T0) == ["taken 0", "another"]
    await _queue(backend, Send(A, "taken later", ref="ack:claim_taken:7", ack=True))
    assert await _send_all(backend, A, T0 + 61 * SEC) == ["taken later"]  # past FOLD_SECONDS it goes


async def test_a_chat_that_refused_the_bot_gets_nothing_more_until_it_writes(backend: Backend) -> None:
    await _queue(backend, Send(A, "a1"), Send(A, "a2"), Send(B, "b1"))
    a1, _ = await backend.queue.lease(T0, 10, 30)
    await backend.queue.failed(a1, "rejected: Forbidden: bot was kicked", T0, close_chat=True)
    await _queue(backend, Send(A, "a3"))
    assert _texts(await backend.queue.lease(T0 + SEC, 10, 30)) == []  # b1 is in flight, A is closed
    assert await backend.queue.pending_count() == 1  # b1 only: a2 and a3 were failed
    async with backend.uow() as uow:
        await uow.grid.chat_seen(A, False, None, None, T0 + 2 * SEC)  # added back: it writes
        await uow.commit()
    await _queue(backend, Send(A, "a4"))
    assert _texts(await backend.queue.lease(T0 + 3 * SEC, 10, 30)) == ["a4"]


async def test_a_parked_item_is_kept_and_never_leased_again(backend: Backend) -> None:
    await _queue(backend, Send(A, "a1"), Send(A, "a2"))
    [a1] = await backend.queue.lease(T0, 10, 30)
    await backend.queue.park(a1, "parked after 8 attempts", T0)
    assert _texts(await backend.queue.lease(T0 + SEC, 10, 30)) == ["a2"]
    assert await backend.queue.pending_count() == 1


async def test_an_urgent_send_does_not_bring_an_edit_before_its_card(backend: Backend) -> None:
    await _queue(backend, Send(B, "card", ref="card:1"), Edit(A, "card:1", "v1"), Send(A, "sos", urgent=True))
    assert _texts(await backend.queue.lease(T0, 10, 30)) == ["sos", "card"]
    assert await backend.queue.lease(T0, 10, 30) == []  # A's edit waits: card:1 is not sent yet


async def test_release_gives_back_without_counting_an_attempt(backend: Backend) -> None:
    await _queue(backend, Send(A, "a1"), Send(B, "b1"))
    a1, b1 = await backend.queue.lease(T0, 10, 30)
    await backend.queue.release(a1, T0 + 40 * SEC)
    await backend.queue.release(b1, None)
    assert _texts(await backend.queue.lease(T0 + SEC, 10, 300)) == ["b1"]  # at once
    assert await backend.queue.lease(T0 + 39 * SEC, 10, 30) == []
    [again] = await backend.queue.lease(T0 + 40 * SEC, 10, 30)
    assert (again.id, again.attempts) == (a1.id, 0)


async def test_recent_sends_are_what_was_sent_since_oldest_first(backend: Backend) -> None:
    await _queue(backend, Send(A, "a1"), Send(B, "b1"), AnswerButton("cb"), Send(-300, "c1"), Send(-400, "d1"))
    a1, b1, cb, c1, d1 = await backend.queue.lease(T0, 10, 30)
    await backend.queue.sent(b1, 2, T0 + 3 * SEC)
    await backend.queue.sent(a1, 1, T0 + 1 * SEC)
    await backend.queue.sent(cb, None, T0 + 2 * SEC)
    await backend.queue.failed(c1, "rejected", T0 + 2 * SEC)  # never counted by Telegram as sent
    await backend.queue.retry_at(d1, T0 + 9 * SEC, "429")
    assert await backend.queue.recent_sends(T0 + 2 * SEC) == [(None, T0 + 2 * SEC), (B, T0 + 3 * SEC)]
    assert [chat for chat, _ in await backend.queue.recent_sends(T0)] == [A, None, B]
    assert await backend.queue.recent_sends(T0 + 4 * SEC) == []


async def test_a_pending_action_knows_when_it_was_queued(backend: Backend) -> None:
    before = datetime.now(UTC)
    await _queue(backend, AnswerButton("cb"))
    [item] = await backend.queue.lease(T0, 10, 30)
    assert item.created_at.tzinfo is not None
    assert before - SEC <= item.created_at <= datetime.now(UTC) + SEC


async def test_asked_for_several_a_chat_gives_its_head_and_the_cards_behind_it(backend: Backend) -> None:
    await _queue(backend, Send(A, "a1"), Send(A, "a2"), Send(A, "a3"), Send(B, "b1"), Send(A, "a4", urgent=True))
    first = await backend.queue.lease(T0, 10, 30, per_chat=3)
    assert _texts(first) == ["a4", "a1", "a2", "b1"]  # urgent first, then in lease order
    assert await backend.queue.lease(T0, 10, 30, per_chat=3) == []  # both chats are in flight
    second = await backend.queue.lease(T0 + SEC, 10, 30, [(item, 1) for item in first], per_chat=3)
    assert _texts(second) == ["a3"]


async def test_a_chain_stops_at_an_edit_or_an_acknowledgement(backend: Backend) -> None:
    await _queue(
        backend, Send(A, "a1", ref="card:1"), Edit(A, "card:1", "v1"), Send(A, "a2"),
        Send(B, "b1"), Send(B, "ok", ack=True), Send(B, "b2"),
    )  # fmt: skip
    first = await backend.queue.lease(T0, 10, 30, per_chat=8)
    assert _texts(first) == ["a1", "b1", "b2"]  # the edit and the acknowledgement go only as heads
    second = await backend.queue.lease(T0 + SEC, 10, 30, [(item, 7) for item in first], per_chat=8)
    assert _texts(second) == ["v1", "ok"]


async def test_a_chain_never_skips_an_item_another_worker_holds(pg_backend: Backend) -> None:
    await _queue(pg_backend, Send(A, "a1"), Send(A, "a2"), Send(A, "a3"), Send(B, "b1"))
    assert pg_backend.engine is not None
    async with pg_backend.engine.connect() as other:
        # Another worker's lease is choosing a1 (its row locked, not yet leased).
        await other.execute(text("SELECT id FROM outbox WHERE id = (SELECT min(id) FROM outbox) FOR UPDATE"))
        assert _texts(await pg_backend.queue.lease(T0, 10, 30, per_chat=3)) == ["b1"]
        await other.rollback()


async def test_a_chat_closed_by_another_worker_gets_nothing_and_its_items_fail_soon(sql_backend: Backend) -> None:
    await _queue(sql_backend, Send(A, "a1"), Send(B, "b1"))
    a1, b1 = await sql_backend.queue.lease(T0, 10, 30)
    assert sql_backend.engine is not None
    await SqlOutboxQueue.from_engine(sql_backend.engine).failed(a1, "rejected: kicked", T0, close_chat=True)
    await _queue(sql_backend, Send(A, "a2"))
    assert await sql_backend.queue.lease(T0 + SEC, 10, 30, [(b1, 5)]) == []  # a2 is never sent ...
    assert await sql_backend.queue.pending_count() == 1
    assert await sql_backend.queue.lease(T0 + (SWEEP_SECONDS + 1) * SEC, 10, 30) == []
    assert await sql_backend.queue.pending_count() == 0  # ... and failed within SWEEP_SECONDS
