"""The escalation ladder, swept with a manual clock: no real sleeping."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers.chat import Send
from handlers.domain import EventType, Request, Ring, Status
from handlers.intake.buttons import Verb
from handlers.ladder import sweep
from tests.unit.core_helpers import (
    CHAT,
    LADDER,
    OTHER_CHAT,
    REQUESTER,
    SECRETARY,
    World,
    edits,
    key_of,
    sends,
)

PIPE = "198号楼有没有人能帮我修一下水管"  # not urgent
QUILT = "要下雨啦,198号楼谁家有人在,请帮我收下被子!"  # urgent
SECOND = timedelta(seconds=1)


async def world() -> World:
    """One volunteer per ring: 3001 in the building, 3003 in the compound, 3004 in the community."""
    w = World()
    await w.volunteer(3001, "198 电工")
    await w.volunteer(3003, "196 电工")
    await w.volunteer(3004, "5 电工", chat=OTHER_CHAT)
    return w


def at(w: World, request: Request, delay: timedelta) -> None:
    w.clock.set(request.posted_at + delay)


def count(w: World, request: Request, kind: EventType) -> int:
    return w.event_types(request.id).count(kind)


async def test_nothing_happens_before_compound_after() -> None:
    w = await world()
    request = await w.post(PIPE)
    mark = w.mark()
    at(w, request, LADDER.compound_after - SECOND)

    assert await w.sweep() == []
    assert w.since(mark) == []
    assert w.request(request.id).ring == Ring.BUILDING


async def test_after_compound_after_the_compound_is_called_once_however_often_it_is_swept() -> None:
    w = await world()
    request = await w.post(PIPE)
    mark = w.mark()
    at(w, request, LADDER.compound_after)

    [outcome] = await w.sweep()
    assert await w.sweep() == []

    assert (outcome.name, outcome.detail["ring"], outcome.detail["called"]) == ("escalated", 1, [3003])
    now = w.request(request.id)
    assert now.ring == Ring.COMPOUND
    assert now.next_due_at == now.posted_at + LADDER.community_after
    assert w.called(request.id) == [3001, 3003]
    assert count(w, request, EventType.ESCALATED) == 1
    actions = w.since(mark)
    assert [s.chat_id for s in sends(actions)] == [3003]  # the private call
    assert [e.text for e in edits(actions)] == [f"card|#{request.id}|open|called=3001,3003"]


async def test_after_community_after_the_rest_of_the_community_is_called() -> None:
    w = await world()
    request = await w.post(PIPE)
    at(w, request, LADDER.compound_after)
    await w.sweep()
    at(w, request, LADDER.community_after)

    [outcome] = await w.sweep()

    assert (outcome.name, outcome.detail["ring"], outcome.detail["called"]) == ("escalated", 2, [3004])
    assert w.request(request.id).ring == Ring.COMMUNITY


async def test_after_secretaries_after_the_secretaries_and_the_requester_are_told_exactly_once() -> None:
    w = await world()
    request = await w.post(PIPE)
    for step in (LADDER.compound_after, LADDER.community_after):
        at(w, request, step)
        await w.sweep()
    mark = w.mark()
    at(w, request, LADDER.secretaries_after)

    [outcome] = await w.sweep()
    w.clock.advance(timedelta(minutes=5))
    assert await w.sweep() == []

    assert outcome.detail["ring"] == int(Ring.SECRETARY)
    now = w.request(request.id)
    assert now.requester_told_waiting
    assert now.next_due_at == now.posted_at + LADDER.expire_after
    told = sends(w.since(mark))
    assert [s for s in told if s.chat_id == SECRETARY] == [
        Send(SECRETARY, f"escalation|escalated_to_secretary|#{request.id}")
    ]
    assert [s for s in told if s.chat_id == CHAT] == [
        Send(CHAT, f"text|still_looking|id={request.id}", reply_to_message_id=request.message_id)
    ]


async def test_after_expire_after_the_request_expires_and_the_requester_is_told() -> None:
    w = await world()
    request = await w.post(PIPE)
    for step in (LADDER.compound_after, LADDER.community_after, LADDER.secretaries_after):
        at(w, request, step)
        await w.sweep()
    mark = w.mark()
    at(w, request, LADDER.expire_after)

    [outcome] = await w.sweep()
    w.clock.advance(timedelta(days=3))
    assert await w.sweep() == []

    assert outcome.name == "expired"
    now = w.request(request.id)
    assert (now.status, now.closed_at) == (Status.EXPIRED, request.posted_at + LADDER.expire_after)
    assert count(w, request, EventType.EXPIRED) == 1
    actions = w.since(mark)
    assert [e.text for e in edits(actions)] == [f"card|#{request.id}|expired|called="]
    assert sends(actions) == [
        Send(CHAT, f"text|expired_notice|id={request.id}", reply_to_message_id=request.message_id)
    ]


async def test_a_claimed_request_is_followed_up_then_reported_overdue() -> None:
    w = await world()
    request = await w.post(PIPE)
    w.clock.advance(timedelta(minutes=5))
    await w.press(3001, Verb.CLAIM, request.id)
    claimed_at = w.clock.now()

    w.clock.set(claimed_at + LADDER.follow_up_after - SECOND)
    assert await w.sweep() == []

    mark = w.mark()
    w.clock.set(claimed_at + LADDER.follow_up_after)
    assert [o.name for o in await w.sweep()] == ["followed_up"]
    assert await w.sweep() == []
    [follow_up] = sends(w.since(mark))
    assert (follow_up.chat_id, follow_up.text) == (3001, f"follow_up|#{request.id}")

    mark = w.mark()
    w.clock.set(claimed_at + LADDER.overdue_after)
    assert [o.name for o in await w.sweep()] == ["reported_overdue"]
    assert sends(w.since(mark)) == [Send(SECRETARY, f"escalation|overdue_to_secretary|#{request.id}")]

    w.clock.advance(timedelta(days=7))
    assert await w.sweep() == []
    assert w.request(request.id).next_due_at is None
    assert [count(w, request, t) for t in (EventType.FOLLOW_UP, EventType.REPORTED_OVERDUE)] == [1, 1]


async def test_a_request_claimed_late_is_not_followed_up_or_overdue_the_moment_it_is_claimed() -> None:
    w = await world()
    request = await w.post(PIPE)
    for step in (LADDER.compound_after, LADDER.community_after, LADDER.secretaries_after):
        at(w, request, step)
        await w.sweep()
    at(w, request, LADDER.expire_after - timedelta(hours=1))
    await w.press(3004, Verb.CLAIM, request.id)
    mark = w.mark()

    w.clock.advance(timedelta(minutes=1))
    assert await w.sweep() == []

    assert w.since(mark) == []
    assert w.request(request.id).next_due_at == w.request(request.id).claimed_at + LADDER.follow_up_after  # type: ignore[operator]


async def test_a_claimer_who_never_started_the_bot_is_followed_up_in_the_group() -> None:
    w = World()
    await w.volunteer(3001, "198 电工", started=False)
    request = await w.post(PIPE)
    await w.say(3001, "我来", reply_to=request.message_id)
    mark = w.mark()
    w.clock.advance(LADDER.follow_up_after)

    await w.sweep()

    [follow_up] = sends(w.since(mark))
    assert (follow_up.chat_id, follow_up.reply_to_message_id) == (CHAT, request.message_id)
    assert key_of(follow_up) == "follow_up"


async def test_a_release_after_a_follow_up_starts_the_next_claimer_with_a_clean_slate() -> None:
    w = await world()
    request = await w.post(PIPE)
    await w.press(3001, Verb.CLAIM, request.id)
    w.clock.advance(LADDER.follow_up_after)
    await w.sweep()
    await w.press(3001, Verb.RELEASE, request.id)

    assert w.request(request.id).followups == 0
    await w.press(3003, Verb.CLAIM, request.id)
    mark = w.mark()
    w.clock.advance(LADDER.follow_up_after)
    [outcome] = await w.sweep()

    assert outcome.name == "followed_up"
    assert [s.chat_id for s in sends(w.since(mark))] == [3003]


async def test_a_new_claimer_after_a_release_gets_the_full_time_before_a_reminder() -> None:
    w = await world()
    request = await w.post(PIPE)
    await w.press(3001, Verb.CLAIM, request.id)
    w.clock.advance(LADDER.follow_up_after - timedelta(minutes=10))
    await w.press(3001, Verb.RELEASE, request.id)
    await w.press(3003, Verb.CLAIM, request.id)
    reclaimed = w.clock.now()
    mark = w.mark()

    w.clock.advance(timedelta(minutes=20))  # past the first claimer's deadline, not the second's
    await w.sweep()
    assert sends(w.since(mark)) == []
    assert w.request(request.id).next_due_at == reclaimed + LADDER.follow_up_after
    assert w.request(request.id).claimed_at < reclaimed, "reports still measure the first claim"  # type: ignore[operator]


@pytest.mark.parametrize(
    ("text", "factor"),
    [pytest.param(PIPE, 1.0, id="ordinary"), pytest.param(QUILT, LADDER.urgent_factor, id="urgent")],
)
async def test_an_urgent_request_climbs_the_ladder_faster(text: str, factor: float) -> None:
    w = await world()
    request = await w.post(text)
    step = LADDER.compound_after * factor

    at(w, request, step - SECOND)
    assert await w.sweep() == []
    at(w, request, step)
    assert [o.name for o in await w.sweep()] == ["escalated"]
    assert request.next_due_at == request.posted_at + step


async def test_after_a_long_downtime_a_sweep_jumps_to_the_latest_step_once() -> None:
    w = await world()
    request = await w.post(PIPE)
    mark = w.mark()
    at(w, request, LADDER.secretaries_after + timedelta(hours=2))  # the bot was down for three hours

    outcomes = await w.sweep()
    assert await w.sweep() == []

    assert [(o.name, o.detail["ring"]) for o in outcomes] == [("escalated", int(Ring.SECRETARY))]
    assert count(w, request, EventType.ESCALATED) == 1
    assert count(w, request, EventType.CALLED) == 2  # the posting, and this one step
    told = sends(w.since(mark))
    assert [s.chat_id for s in told].count(SECRETARY) == 1
    assert [key_of(s) for s in told if s.chat_id == CHAT] == ["still_looking"]


async def test_after_a_downtime_past_expiry_the_request_simply_expires() -> None:
    w = await world()
    request = await w.post(PIPE)
    at(w, request, LADDER.expire_after + timedelta(days=2))

    assert [o.name for o in await w.sweep()] == ["expired"]
    assert count(w, request, EventType.ESCALATED) == 0
    assert w.request(request.id).status is Status.EXPIRED


async def test_closed_requests_are_never_swept() -> None:
    w = await world()
    request = await w.post(PIPE)
    await w.say(REQUESTER, "不用了")
    mark = w.mark()
    at(w, request, LADDER.expire_after * 2)

    assert await w.sweep() == []
    assert w.since(mark) == []
    assert w.request(request.id).status is Status.CANCELLED


async def test_a_sweep_works_in_bounded_batches_and_takes_every_due_request() -> None:
    w = await world()
    posted = [await w.post(PIPE, sender=4000 + i) for i in range(7)]
    w.clock.advance(LADDER.compound_after)

    outcomes = await sweep(w.ctx, w.factory, batch=3, max_batches=5)

    assert sorted(o.request_id or 0 for o in outcomes) == [r.id for r in posted]
    assert {w.request(r.id).ring for r in posted} == {int(Ring.COMPOUND)}


async def test_a_claimer_of_a_request_that_needs_two_people_is_not_called_for_it() -> None:
    w = World()
    await w.volunteer(3001, "198 电工")
    await w.volunteer(3003, "196 电工")
    request = await w.post("198号楼需要两个人帮我搬一下衣柜")
    assert (request.people_needed, w.called(request.id)) == (2, [3001])
    assert (await w.say(3003, "我来", reply_to=request.message_id)).name == "claimed"
    assert w.request(request.id).status is Status.OPEN  # one of two
    mark = w.mark()
    at(w, request, LADDER.compound_after)

    await w.sweep()

    assert 3003 not in w.called(request.id)
    assert 3003 not in [s.chat_id for s in sends(w.since(mark))]
