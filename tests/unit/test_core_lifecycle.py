"""A request's life through Core.handle: claim, done, cancel, release and "can't help"."""

from __future__ import annotations

import pytest

from handlers.chat import AnswerButton, Edit, Send
from handlers.commands import ClaimRequest
from handlers.domain import EventType, Request, Status
from handlers.intake.buttons import Verb
from handlers.requests.claim import claim
from tests.unit.core_helpers import (
    CHAT,
    NEIGHBOUR,
    REQUESTER,
    World,
    answers,
    edits,
    key_of,
    sends,
    user,
)

CLAIMER = 3001
OTHER = 3002


async def posted(calls_per_ring: int = 3) -> tuple[World, Request]:
    w = World(calls_per_ring=calls_per_ring)
    await w.volunteer(CLAIMER, "198 电工")
    await w.volunteer(OTHER, "198 做饭")
    return w, await w.post()


async def claimed() -> tuple[World, Request]:
    w, request = await posted()
    assert (await w.press(CLAIMER, Verb.CLAIM, request.id)).name == "claimed"
    return w, w.request(request.id)


# --- claim -----------------------------------------------------------------------------------


async def test_a_claim_button_claims_the_request_edits_the_card_and_answers_the_press() -> None:
    w, request = await posted()
    mark = w.mark()

    outcome = await w.press(CLAIMER, Verb.CLAIM, request.id)

    assert outcome.name == "claimed"
    now = w.request(request.id)
    assert (now.status, now.claimers, now.claimed_at) == (Status.CLAIMED, (CLAIMER,), w.clock.now())
    assert now.next_due_at == w.clock.now() + w.ctx.policy.ladder.scaled(
        w.ctx.policy.ladder.follow_up_after, request.urgent
    )
    assert w.events(request.id)[-1].type is EventType.CLAIMED
    assert w.events(request.id)[-1].actor_id == CLAIMER
    actions = w.since(mark)
    assert len(actions) == 2
    [edit] = edits(actions)
    assert (edit.chat_id, edit.ref, edit.text) == (CHAT, f"card:{request.id}", f"card|#{request.id}|claimed|called=")
    assert answers(actions) == [AnswerButton(answers(actions)[0].callback_id, "text|claim_won|")]


async def test_a_second_claimer_by_button_is_told_it_is_taken_and_nothing_changes() -> None:
    w, request = await claimed()
    events, mark = len(w.store.events), w.mark()

    outcome = await w.press(OTHER, Verb.CLAIM, request.id)

    assert outcome.name == "claim_taken"
    assert w.request(request.id).claimers == (CLAIMER,)
    assert w.request(request.id).status is Status.CLAIMED
    assert len(w.store.events) == events
    [answer] = w.since(mark)
    assert isinstance(answer, AnswerButton)
    assert answer.text == f"text|claim_taken|claimers=u{CLAIMER},id={request.id}"


async def test_the_requester_cannot_claim_their_own_request() -> None:
    w, request = await posted()

    outcome = await w.press(REQUESTER, Verb.CLAIM, request.id)

    assert outcome.name == "refused_own"
    assert w.request(request.id).status is Status.OPEN
    assert key_of(w.pending()[-1]) == "own_request"


@pytest.mark.parametrize("text", ["我来", "on my way", "我马上过去"])
@pytest.mark.parametrize("under", ["request", "card"])
async def test_a_reply_claims_under_the_request_or_its_card(text: str, under: str) -> None:
    w, request = await posted()
    refs = await w.deliver()  # the sender sends the card and records its message id
    target = request.message_id if under == "request" else refs[f"card:{request.id}"]
    assert await w.queue.message_of(f"card:{request.id}") == refs[f"card:{request.id}"]

    outcome = await w.say(NEIGHBOUR, text, reply_to=target)

    assert (outcome.name, outcome.request_id) == ("claimed", request.id)
    assert w.request(request.id).claimers == (NEIGHBOUR,)
    [edit] = w.pending()
    assert isinstance(edit, Edit) and edit.text.startswith(f"card|#{request.id}|claimed")


async def test_a_reply_claim_from_the_private_call_message_claims() -> None:
    w, request = await posted()
    refs = await w.deliver()

    outcome = await w.say(CLAIMER, "我来", private=True, reply_to=refs[f"call:{request.id}:{CLAIMER}"])

    assert outcome.name == "claimed"
    assert w.request(request.id).claimers == (CLAIMER,)


async def test_a_claim_phrase_that_replies_to_nothing_claims_nothing() -> None:
    w, request = await posted()

    outcome = await w.say(NEIGHBOUR, "我来")

    assert outcome.name == "chat"
    assert w.request(request.id).status is Status.OPEN


async def test_a_late_reply_claim_on_a_taken_request_is_answered_in_the_chat() -> None:
    w, request = await claimed()
    mark = w.mark()

    outcome = await w.say(OTHER, "我来", reply_to=request.message_id)

    assert outcome.name == "claim_taken"
    [reply] = w.since(mark)
    assert isinstance(reply, Send) and reply.chat_id == CHAT and key_of(reply) == "claim_taken"


# --- done ------------------------------------------------------------------------------------


async def test_the_claimer_marks_it_done_by_button() -> None:
    w, request = await claimed()
    mark = w.mark()

    outcome = await w.press(CLAIMER, Verb.DONE, request.id)

    assert outcome.name == "done"
    now = w.request(request.id)
    assert (now.status, now.closed_at, now.claimers) == (Status.DONE, w.clock.now(), ())
    assert [c.status for c in w.store.claims] == ["done"]
    assert (w.events(request.id)[-1].type, w.events(request.id)[-1].actor_id) == (EventType.DONE, CLAIMER)
    actions = w.since(mark)
    assert [e.text for e in edits(actions)] == [f"card|#{request.id}|done|called="]
    assert edits(actions)[0].keyboard == ()
    assert [a.text for a in answers(actions)] == ["text|thanks|"]


async def test_the_claimer_replying_shou_hao_le_marks_it_done() -> None:
    w, request = await claimed()

    outcome = await w.say(CLAIMER, "收好了", reply_to=request.message_id)

    assert outcome.name == "done"
    assert w.request(request.id).status is Status.DONE


async def test_the_requester_saying_thanks_without_a_reply_closes_their_own_request() -> None:
    w, request = await claimed()

    outcome = await w.say(REQUESTER, "谢谢,收好了")

    assert (outcome.name, outcome.request_id) == ("done", request.id)
    assert w.events(request.id)[-1].actor_id == REQUESTER


async def test_a_bystander_saying_done_without_a_reply_closes_nothing() -> None:
    w, request = await claimed()

    outcome = await w.say(NEIGHBOUR, "收好了")

    assert outcome.name == "chat"
    assert w.request(request.id).status is Status.CLAIMED


async def test_a_bystander_cannot_press_done() -> None:
    w, request = await claimed()

    outcome = await w.press(NEIGHBOUR, Verb.DONE, request.id)

    assert outcome.name == "refused_not_yours"
    assert w.request(request.id).status is Status.CLAIMED


async def test_done_pressed_twice_is_answered_as_an_expired_button() -> None:
    w, request = await claimed()
    await w.press(CLAIMER, Verb.DONE, request.id)
    events = len(w.store.events)

    outcome = await w.press(REQUESTER, Verb.DONE, request.id)

    assert outcome.name == "unknown_button"  # the finished card has no buttons: a stale press
    assert len(w.store.events) == events


# --- cancel ----------------------------------------------------------------------------------


async def test_the_requester_saying_bu_yong_le_cancels() -> None:
    w, request = await posted()
    mark = w.mark()

    outcome = await w.say(REQUESTER, "不用了")

    assert (outcome.name, outcome.request_id) == ("cancelled", request.id)
    assert w.request(request.id).status is Status.CANCELLED
    assert w.events(request.id)[-1].type is EventType.CANCELLED
    assert [e.text for e in edits(w.since(mark))] == [f"card|#{request.id}|cancelled|called="]


async def test_the_requester_cancels_by_button() -> None:
    w, request = await claimed()
    mark = w.mark()

    outcome = await w.press(REQUESTER, Verb.CANCEL, request.id)

    assert outcome.name == "cancelled"
    assert w.request(request.id).status is Status.CANCELLED
    assert [c.status for c in w.store.claims] == ["cancelled"]
    assert [a.text for a in answers(w.since(mark))] == ["text|cancelled_ok|"]


async def test_a_cancel_button_pressed_by_someone_else_is_refused() -> None:
    w, request = await posted()
    mark = w.mark()

    outcome = await w.press(NEIGHBOUR, Verb.CANCEL, request.id)

    assert outcome.name == "refused_not_requester"
    assert w.request(request.id).status is Status.OPEN
    [answer] = w.since(mark)
    assert isinstance(answer, AnswerButton) and key_of(answer) == "only_requester_cancels"


@pytest.mark.parametrize("text", ["不好意思,临时有事,取消", "sorry, never mind", "抱歉,算了"])
async def test_a_claimer_who_cancels_gives_the_request_back(text: str) -> None:
    w, request = await claimed()

    outcome = await w.say(CLAIMER, text, reply_to=request.message_id)

    assert outcome.name == "released"
    now = w.request(request.id)
    assert (now.status, now.claimers) == (Status.OPEN, ())
    assert w.events(request.id)[-1].type is EventType.RELEASED


# --- release and decline ---------------------------------------------------------------------


async def test_the_release_button_opens_the_request_again() -> None:
    w, request = await claimed()
    mark = w.mark()

    outcome = await w.press(CLAIMER, Verb.RELEASE, request.id)

    assert outcome.name == "released"
    now = w.request(request.id)
    assert (now.status, now.claimers) == (Status.OPEN, ())
    assert [c.status for c in w.store.claims] == ["released"]
    # Back on the open ladder: the next step is the compound ring again, counted from posting.
    assert now.next_due_at == now.posted_at + w.ctx.policy.ladder.scaled(
        w.ctx.policy.ladder.compound_after, now.urgent
    )
    actions = w.since(mark)
    assert [e.text for e in edits(actions)] == [f"card|#{request.id}|open|called={CLAIMER},{OTHER}"]
    assert [a.text for a in answers(actions)] == ["text|released_ok|"]
    # ... and someone else can claim it now.
    assert (await w.press(OTHER, Verb.CLAIM, request.id)).name == "claimed"


async def test_release_by_someone_who_holds_no_claim_is_refused() -> None:
    w, request = await claimed()

    outcome = await w.press(OTHER, Verb.RELEASE, request.id)

    assert outcome.name == "refused_not_claimer"
    assert w.request(request.id).claimers == (CLAIMER,)


async def test_a_called_volunteer_who_declines_makes_way_for_the_next_best() -> None:
    w, request = await posted(calls_per_ring=1)
    assert w.called(request.id) == [CLAIMER]
    mark = w.mark()

    outcome = await w.press(CLAIMER, Verb.DECLINE, request.id, chat=CLAIMER)

    assert outcome.name == "declined"
    assert outcome.detail["replacement"] == [OTHER]
    assert w.called(request.id) == [CLAIMER, OTHER]
    assert [e.type for e in w.events(request.id)][-2:] == [EventType.DECLINED, EventType.CALLED]
    actions = w.since(mark)
    assert [s.chat_id for s in sends(actions)] == [OTHER]
    assert [a.text for a in answers(actions)] == ["text|decline_ok|"]
    [card] = edits(actions)
    assert card.text.endswith(f"called={OTHER}"), "the card no longer names who stepped aside"


async def test_a_decline_from_someone_who_was_not_called_changes_nothing() -> None:
    w, request = await posted(calls_per_ring=1)
    events = len(w.store.events)

    outcome = await w.press(NEIGHBOUR, Verb.DECLINE, request.id)

    assert outcome.name == "decline_ignored"
    assert len(w.store.events) == events
    assert w.called(request.id) == [CLAIMER]


@pytest.mark.parametrize("data", ["", "c:", "c:abc", "zz:1", "c:999", "c:1:2", "x" * 64])
async def test_an_unknown_button_is_answered_and_ignored(data: str) -> None:
    w, _ = await posted()
    mark = w.mark()

    outcome = await w.core.handle(w.button(NEIGHBOUR, data))

    assert outcome.name == "unknown_button"
    [answer] = w.since(mark)
    assert isinstance(answer, AnswerButton) and key_of(answer) == "button_unknown"


async def test_a_claim_read_before_the_winners_commit_still_names_the_winner() -> None:
    """On PostgreSQL a claim that lost the race carries the request as read before the winner
    committed (no claimer yet); the refusal must name whoever holds it now."""
    w, request = await posted()
    stale = w.request(request.id)
    assert (await w.press(CLAIMER, Verb.CLAIM, request.id)).name == "claimed"

    async with w.factory() as uow:
        outcome = await claim(w.ctx, uow, ClaimRequest(user(OTHER), False, stale, False))

    assert outcome.name == "claim_taken"
    assert outcome.answer == f"text|claim_taken|claimers=u{CLAIMER},id={request.id}"
