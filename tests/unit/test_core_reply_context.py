"""The core reads a reply to a request knowing who writes it: requester, claimer, called, other."""

from __future__ import annotations

from handlers.domain import EventType, Kind, Status
from handlers.understanding.context import ReplyContext, Role
from tests.unit.core_helpers import NEIGHBOUR, REQUESTER, World
from tests.unit.readers import ScriptedReader, reading

CALLED = 3001
OTHER_VOLUNTEER = 3002
ON_MY_WAY = "already on my way to the building"
SORTED = "all sorted now, my son got home"


def _reader() -> ScriptedReader:
    # What the reader would say of these words given the role; out of context they are chat.
    return (
        ScriptedReader()
        .on(ON_MY_WAY, reading(Kind.CHAT))
        .on(ON_MY_WAY, reading(Kind.CLAIM), Role.CALLED)
        .on(SORTED, reading(Kind.CHAT))
        .on(SORTED, reading(Kind.CANCEL), Role.REQUESTER)
    )


async def test_a_called_volunteers_plain_reply_is_read_as_called_and_claims() -> None:
    reader = _reader()
    w = World(read=reader)
    await w.volunteer(CALLED, "198 电工")
    request = await w.post()
    assert CALLED in w.called(request.id)

    outcome = await w.say(CALLED, ON_MY_WAY, reply_to=request.message_id)

    assert reader.contexts(ON_MY_WAY) == [ReplyContext(Role.CALLED)]
    assert outcome.name == "claimed" and w.request(request.id).claimers == (CALLED,)


async def test_a_reply_under_the_card_or_a_private_call_counts_too() -> None:
    reader = _reader()
    w = World(read=reader)
    await w.volunteer(CALLED, "198 电工")
    request = await w.post()
    refs = await w.deliver()
    call = refs[f"call:{request.id}:{CALLED}"]

    outcome = await w.say(CALLED, ON_MY_WAY, private=True, reply_to=call)

    assert reader.contexts(ON_MY_WAY) == [ReplyContext(Role.CALLED)]
    assert outcome.name == "claimed"
    # Now the claimer: a later reply under the card is read among done / cancel / chat.
    await w.say(CALLED, "ok", reply_to=refs[f"card:{request.id}"])
    assert reader.contexts("ok") == [ReplyContext(Role.CLAIMER)]


async def test_the_requesters_reply_is_read_among_done_cancel_and_chat() -> None:
    reader = _reader()
    w = World(read=reader)
    request = await w.post()

    outcome = await w.say(REQUESTER, SORTED, reply_to=request.message_id)

    assert reader.contexts(SORTED) == [ReplyContext(Role.REQUESTER)]
    assert outcome.name == "cancelled" and w.request(request.id).status is Status.CANCELLED


async def test_a_neighbour_who_was_not_called_replies_as_other_and_a_plain_message_has_no_context() -> None:
    reader = _reader()
    w = World(read=reader)
    request = await w.post()

    assert (await w.say(NEIGHBOUR, ON_MY_WAY, reply_to=request.message_id)).name == "chat"
    assert (await w.say(NEIGHBOUR, ON_MY_WAY)).name == "chat"

    assert reader.contexts(ON_MY_WAY) == [ReplyContext(Role.OTHER), None]
    assert w.request(request.id).status is Status.OPEN


async def test_the_real_reader_under_a_requesters_reply_never_opens_a_second_request() -> None:
    w = World()
    request = await w.post()
    outcome = await w.say(REQUESTER, "谢谢大家,已经好了", reply_to=request.message_id)
    assert outcome.name in ("done", "cancelled", "chat", "detail")
    assert len(w.requests()) == 1


async def test_the_posted_event_keeps_the_readers_version_and_confidence() -> None:
    w = World()
    request = await w.post()
    [posted] = [e for e in w.events(request.id) if e.type is EventType.POSTED]
    reader = posted.detail["reader"]
    assert isinstance(reader, dict)
    assert reader["version"] and reader["kind"] == "request"
    for key in ("confidence", "request_probability", "emergency_probability"):
        assert 0.0 <= float(reader[key]) <= 1.0
    assert reader["label"] == {"kind": "request", "category": request.category, "building": "198",
                               "urgent": request.urgent, "emergency": False}
