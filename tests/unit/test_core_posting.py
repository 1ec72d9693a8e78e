"""Posting through Core.handle: requests, emergencies, duplicates, chatter, offers, concerns, edits."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from handlers.chat import AnswerButton, Edit, Send
from handlers.domain import EventType, Ring, Status
from handlers.ports import KnownChat
from tests.unit.core_helpers import (
    CHAT,
    COMMUNITY,
    COMPOUND,
    NEIGHBOUR,
    OTHER_CHAT,
    REQUESTER,
    UNCONFIGURED_CHAT,
    World,
    key_of,
    sends,
)

QUILT = "要下雨啦,198号楼谁家有人在,请帮我收下被子!"
FALL = "紧急!我爸在198号楼楼下摔倒了起不来"
NIGHT = datetime.fromisoformat("2025-06-02T23:30:00+08:00")


async def test_a_request_is_posted_with_its_reading_and_calls_only_volunteers_of_its_building() -> None:
    w = World()
    await w.volunteer(3001, "198 电工")  # has started the bot
    await w.volunteer(3002, "198 做饭", started=False)  # registered in the group only
    await w.volunteer(3003, "196 电工")  # same compound, another building
    await w.volunteer(3004, "5 电工", chat=OTHER_CHAT)  # another compound
    mark = w.mark()

    message = w.message(REQUESTER, QUILT)
    outcome = await w.core.handle(message)

    assert outcome.name == "posted"
    [request] = w.requests()
    assert outcome.request_id == request.id
    assert (request.building, request.category, request.urgent, request.emergency) == ("198", "laundry", True, False)
    assert (request.compound, request.community, request.status) == (COMPOUND, COMMUNITY, Status.OPEN)
    assert (request.chat_id, request.message_id, request.requester_id) == (CHAT, message.message_id, REQUESTER)
    assert request.text == QUILT
    assert request.next_due_at is not None and request.next_due_at > w.clock.now()
    assert w.event_types(request.id) == [EventType.POSTED, EventType.CALLED]
    assert w.events(request.id)[1].detail["called"] == [3001, 3002]
    assert sorted(w.called(request.id)) == [3001, 3002]

    actions = w.since(mark)
    card = Send(
        CHAT,
        f"card|#{request.id}|open|called=3001,3002",
        w.ctx.texts.card(request, [])[1],
        reply_to_message_id=message.message_id,
        ref=f"card:{request.id}",
    )
    call = Send(3001, f"call|#{request.id}", w.ctx.texts.call(request)[1], ref=f"call:{request.id}:3001")
    # Exactly one card in the group and one private call: 3002 never started the bot.
    assert sorted(actions, key=repr) == sorted([card, call], key=repr)


async def test_a_volunteer_who_starts_the_bot_after_registering_in_the_group_is_called_privately() -> None:
    w = World()
    await w.volunteer(3001, "198 电工", started=False)
    await w.say(3001, "你好", private=True)
    mark = w.mark()

    request = await w.post()

    assert [s.chat_id for s in sends(w.since(mark)) if s.chat_id > 0] == [3001]
    assert w.called(request.id) == [3001]


async def test_an_emergency_tells_the_chat_to_call_the_emergency_number_before_anything_else() -> None:
    w = World()
    await w.volunteer(3001, "198 电工")
    await w.volunteer(3003, "196 电工")
    await w.volunteer(3004, "5 电工", chat=OTHER_CHAT)
    mark = w.mark()

    message = w.message(REQUESTER, FALL)
    outcome = await w.core.handle(message)

    request = w.request(outcome.request_id or 0)
    assert request.emergency and request.urgent and request.category == "medical"
    actions = w.since(mark)
    assert actions[0] == Send(CHAT, "text|emergency|number=120", reply_to_message_id=message.message_id, urgent=True)
    assert [key_of(a) for a in actions[1:]] == ["call", "call", "call", "card"]
    # The widest ring: the building, the compound and the rest of the community at once.
    assert sorted(w.called(request.id)) == [3001, 3003, 3004]
    assert w.events(request.id)[1].detail["ring"] == int(Ring.COMMUNITY)
    assert request.ring == Ring.COMMUNITY


async def test_the_same_volunteers_for_an_ordinary_request_only_the_nearest_ring_is_called() -> None:
    w = World()
    await w.volunteer(3001, "198 电工")
    await w.volunteer(3003, "196 电工")
    await w.volunteer(3004, "5 电工", chat=OTHER_CHAT)

    request = await w.post("198号楼有没有人能帮我修一下水管")

    assert w.called(request.id) == [3001]
    assert request.ring == Ring.BUILDING and not request.urgent


async def test_an_emergency_at_night_reaches_volunteers_in_their_quiet_hours_an_ordinary_request_does_not() -> None:
    w = World(start=NIGHT)
    await w.volunteer(3001, "198 电工")

    ordinary = await w.post("198号楼有没有人能帮我修一下水管")
    emergency = await w.post(FALL, sender=NEIGHBOUR)

    assert w.called(ordinary.id) == []
    assert w.called(emergency.id) == [3001]


async def test_a_redelivered_update_is_a_duplicate_and_changes_nothing() -> None:
    w = World()
    await w.volunteer(3001, "198 电工")
    message = w.message(REQUESTER, QUILT)
    assert (await w.core.handle(message)).name == "posted"
    before = (len(w.store.requests), len(w.store.outbox), len(w.store.events), len(w.store.calls))

    again = await w.core.handle(message)

    assert again.name == "duplicate"
    assert (len(w.store.requests), len(w.store.outbox), len(w.store.events), len(w.store.calls)) == before


async def test_a_request_in_an_unconfigured_chat_does_nothing_but_start_there_explains_the_setup() -> None:
    w = World()

    ignored = await w.say(REQUESTER, QUILT, chat=UNCONFIGURED_CHAT)
    assert ignored.name == "unconfigured_chat"
    assert w.requests() == [] and w.pending() == []

    hint = await w.say(REQUESTER, "/start", chat=UNCONFIGURED_CHAT)
    assert hint.name == "setup_hint"
    [send] = w.pending()
    assert isinstance(send, Send) and send.chat_id == UNCONFIGURED_CHAT
    assert send.text == f"text|setup|chat_id={UNCONFIGURED_CHAT}"


@pytest.mark.parametrize("text", ["大家早上好", "哈哈哈", "good morning everyone", "", "   "])
async def test_chit_chat_is_left_alone(text: str) -> None:
    w = World()

    outcome = await w.say(NEIGHBOUR, text)

    assert outcome.name == "chat"
    assert w.pending() == [] and w.requests() == []


async def test_an_offer_goes_on_the_resource_list_and_is_acknowledged() -> None:
    w = World()
    message = w.message(NEIGHBOUR, "我有梯子,谁要借可以找我")

    outcome = await w.core.handle(message)

    assert outcome.name == "offer"
    [offer] = w.store.offers
    assert (offer.user_id, offer.text, offer.category) == (NEIGHBOUR, message.text, "borrow")
    assert w.pending() == [Send(CHAT, "text|offer_ack|id=1", reply_to_message_id=message.message_id, ack=True)]
    assert w.requests() == []


async def test_a_concern_goes_on_the_list_of_public_concerns_and_is_acknowledged() -> None:
    w = World()
    message = w.message(NEIGHBOUR, "小区门口路灯坏了好几天了")

    outcome = await w.core.handle(message)

    assert outcome.name == "concern"
    [(concern, _)] = w.store.concerns
    assert (concern.user_id, concern.text, concern.category) == (NEIGHBOUR, message.text, "facility")
    assert w.pending() == [Send(CHAT, "text|concern_ack|id=1", reply_to_message_id=message.message_id, ack=True)]


async def test_a_message_edited_into_a_request_is_posted() -> None:
    w = World()
    first = w.message(REQUESTER, "大家早上好")
    await w.core.handle(first)

    edited = w.message(REQUESTER, QUILT, edited=True, message_id=first.message_id)
    outcome = await w.core.handle(edited)

    assert outcome.name == "posted"
    [request] = w.requests()
    assert (request.message_id, request.text) == (first.message_id, QUILT)


async def test_a_request_edited_into_chit_chat_withdraws_nothing() -> None:
    w = World()
    request = await w.post()
    mark = w.mark()

    outcome = await w.say(REQUESTER, "大家早上好", edited=True, message_id=request.message_id)

    assert outcome.name == "edit_ignored"
    assert w.request(request.id).status is Status.OPEN
    assert w.since(mark) == []


async def test_a_request_edited_again_is_not_posted_twice() -> None:
    w = World()
    request = await w.post()

    outcome = await w.say(REQUESTER, QUILT + "谢谢", edited=True, message_id=request.message_id)

    assert outcome.name == "edit_ignored"
    assert len(w.requests()) == 1


async def test_a_requester_adding_detail_under_their_own_request_opens_no_second_request() -> None:
    w = World()
    request = await w.post()

    outcome = await w.say(REQUESTER, "198号楼谁能帮我顺便取个快递", reply_to=request.message_id)

    # Read as the requester's reply (done / cancel / chat), or as a request kept as detail: never a new one.
    assert outcome.name in ("detail", "chat")
    assert len(w.requests()) == 1


async def test_a_request_written_privately_to_the_bot_is_pointed_to_the_group() -> None:
    w = World()
    mark = w.mark()

    outcome = await w.say(REQUESTER, QUILT, private=True)

    assert outcome.name == "private_hint"
    assert w.requests() == []
    assert [(s.chat_id, key_of(s)) for s in sends(w.since(mark))] == [(REQUESTER, "private_hint")]


# --- huge and hostile text -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(QUILT + "啊" * 100_000, id="100k-chars"),
        pytest.param(QUILT + "\n" + "x " * 50_000, id="100k-words"),
        pytest.param('<b>198号楼</b>谁能帮我取个快递 <a href="javascript:x">&amp;</a><script>', id="html"),
        pytest.param("198号楼谁能帮我取个快递 \x00\u202e\ufeff🙂", id="control-and-bidi"),
    ],
)
async def test_huge_or_hostile_text_is_posted_with_its_text_kept(text: str) -> None:
    w = World()
    await w.volunteer(3001, "198 电工")

    outcome = await w.say(REQUESTER, text)

    assert outcome.name == "posted"
    [request] = w.requests()
    # Intact but for control characters, which no table may hold (PostgreSQL refuses NUL).
    assert request.text == text.replace("\x00", "")
    assert request.building == "198"
    assert not any(isinstance(a, (Edit, AnswerButton)) for a in w.pending())


@pytest.mark.parametrize(
    ("text", "building", "compound", "community"),
    [
        pytest.param("5号楼谁能帮我取个快递", "5", "建设小区", COMMUNITY, id="sibling-compound"),
        pytest.param("1号楼谁能帮我取个快递", "1", COMPOUND, COMMUNITY, id="only-another-community-has-it"),
        pytest.param("999号楼谁能帮我取个快递", "999", COMPOUND, COMMUNITY, id="unknown-building"),
    ],
)
async def test_a_named_building_is_placed_within_the_chats_own_community(
    text: str, building: str, compound: str, community: str
) -> None:
    w = World()
    await w.volunteer(3101, "1 跑腿", chat=-1002001)  # 东坪社区's building 1

    request = await w.post(text)

    assert (request.building, request.compound, request.community) == (building, compound, community)
    assert 3101 not in w.called(request.id)


async def test_every_message_records_its_chat_as_seen() -> None:
    w = World()
    start = w.clock.now()

    await w.say(REQUESTER, "大家好")
    w.clock.advance(timedelta(minutes=5))
    message = w.message(NEIGHBOUR, "今天天气不错")
    await w.core.handle(message)
    await w.core.handle(message)  # redelivered: not seen twice
    await w.say(REQUESTER, "你好", chat=UNCONFIGURED_CHAT)
    await w.say(NEIGHBOUR, "你好", private=True)

    later = start + timedelta(minutes=5)
    assert w.store.chats == {
        CHAT: KnownChat(CHAT, "group", COMMUNITY, COMPOUND, start, later, True),
        UNCONFIGURED_CHAT: KnownChat(UNCONFIGURED_CHAT, "group", None, None, later, later, False),
        NEIGHBOUR: KnownChat(NEIGHBOUR, "private", None, None, later, later, False),
    }
