"""Who may move a request with words, and which words are only conversation."""

from __future__ import annotations

from handlers.domain import EventType, Status
from handlers.intake.buttons import Verb
from tests.unit.core_helpers import REQUESTER, World, key_of, sends

CLAIMER = 3001
BYSTANDER = 3002


async def _claimed_by_reply() -> tuple[World, int, int]:
    w = World()
    await w.volunteer(CLAIMER, "198 电工")
    await w.volunteer(BYSTANDER, "198 做饭")
    request = await w.post()
    claim = w.message(CLAIMER, "我来!", reply_to=request.message_id)
    assert (await w.core.handle(claim)).name == "claimed"
    return w, request.id, claim.message_id


async def test_a_reply_to_the_claimers_words_means_the_same_request() -> None:
    w, request_id, claim_message = await _claimed_by_reply()
    newer = await w.post("197号楼谁能帮我取个快递?")  # the requester's newest request is another one
    outcome = await w.say(REQUESTER, "谢谢,收好了", reply_to=claim_message)
    assert outcome.name == "done" and outcome.request_id == request_id
    assert w.request(request_id).status is Status.DONE
    assert w.request(newer.id).status is Status.OPEN


async def test_a_bystanders_done_or_cancel_under_a_request_is_only_conversation() -> None:
    w, request_id, _ = await _claimed_by_reply()
    request = w.request(request_id)
    mark = w.mark()
    for text in ("收好了", "不用了"):
        outcome = await w.say(BYSTANDER, text, reply_to=request.message_id)
        assert outcome.name == "chat"
    assert w.request(request_id).status is Status.CLAIMED
    assert w.since(mark) == [], "no reply scolds a neighbour for chatting"


async def test_an_edited_claim_does_not_act_again() -> None:
    w, request_id, claim_message = await _claimed_by_reply()
    assert (await w.press(CLAIMER, Verb.RELEASE, request_id)).name == "released"
    edited = w.message(CLAIMER, "我来!!", reply_to=w.request(request_id).message_id, edited=True,
                       message_id=claim_message)
    assert (await w.core.handle(edited)).name == "edit_ignored"
    assert w.request(request_id).status is Status.OPEN
    assert w.event_types(request_id).count(EventType.CLAIMED) == 1


async def test_claimers_who_started_the_bot_are_told_privately_when_the_requester_cancels() -> None:
    w, _, _ = await _claimed_by_reply()
    mark = w.mark()
    assert (await w.say(REQUESTER, "不用了,我老公回去收了")).name == "cancelled"
    private = sends(w.since(mark), chat=CLAIMER)
    assert [key_of(s) for s in private] == ["claim_cancelled_by_requester"]
