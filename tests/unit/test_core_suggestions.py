"""When the reader is unsure: ask once, let only the author open it, delete the question after."""

from __future__ import annotations

from datetime import timedelta

from handlers.chat import AnswerButton, Delete, Edit, Outcome, Send
from handlers.domain import EventType, Kind, Status
from handlers.domain.feedback import Reason, SuggestionStatus
from handlers.domain.feedback import suggestion_button as button_data
from handlers.intake.buttons import Verb
from handlers.ladder import expire_suggestions
from tests.unit.core_helpers import CHAT, NEIGHBOUR, REQUESTER, World, answers, key_of, sends
from tests.unit.readers import ScriptedReader, reading

MAYBE = "anyone heading to the supermarket later?"
CHATTY = "the weather is lovely today"


def _world() -> World:
    reader = ScriptedReader().on(MAYBE, reading(Kind.CHAT, unsure=True, p_request=0.4))
    reader.on(MAYBE + "!", reading(Kind.REQUEST, unsure=True, p_request=0.6))  # its edit, still unsure
    reader.on(CHATTY, reading(Kind.CHAT, p_request=0.01))
    return World(read=reader)


async def _suggested(w: World) -> tuple[int, int]:
    """Post the unsure message; returns (its message id, the suggestion id)."""
    message = w.message(REQUESTER, MAYBE)
    outcome = await w.core.handle(message)
    assert outcome.name == "suggested", outcome
    suggestion_id = outcome.detail["suggestion_id"]
    assert isinstance(suggestion_id, int)
    return message.message_id, suggestion_id


def _suggestion(w: World, suggestion_id: int) -> SuggestionStatus:
    return w.store.suggestions[suggestion_id].status


async def test_an_unsure_message_gets_one_question_with_one_button_and_no_card() -> None:
    w = _world()
    mark = w.mark()
    message_id, suggestion_id = await _suggested(w)

    assert w.requests() == []
    [question] = sends(w.since(mark))
    assert key_of(question) == "suggest_ask" and question.reply_to_message_id == message_id
    assert question.ref == f"suggest:{suggestion_id}"
    assert [[b.data for b in row] for row in question.keyboard] == [[button_data(suggestion_id)]]
    # The same message edited is not asked about again, nor does it become a card.
    again = await w.say(REQUESTER, MAYBE + "!", edited=True, message_id=message_id)
    assert again.name == "edit_ignored" and len(w.store.suggestions) == 1


async def test_the_author_pressing_opens_the_request_and_deletes_the_question() -> None:
    w = _world()
    await w.volunteer(3001, "198 跑腿")
    message_id, suggestion_id = await _suggested(w)
    await w.deliver()
    mark = w.mark()

    outcome = await w.core.handle(w.button(REQUESTER, button_data(suggestion_id)))

    assert outcome.name == "posted"
    [request] = w.requests()
    assert (request.message_id, request.text, request.status) == (message_id, MAYBE, Status.OPEN)
    actions = w.since(mark)
    assert Delete(CHAT, f"suggest:{suggestion_id}") in actions
    assert [key_of(s) for s in sends(actions, CHAT)] == ["card"]
    assert [key_of(a) for a in answers(actions)] == ["suggest_ok"]
    assert 3001 in w.called(request.id), "the ladder's first ring is called as for any request"
    assert _suggestion(w, suggestion_id) is SuggestionStatus.USED
    [posted] = [e for e in w.events(request.id) if e.type is EventType.POSTED]
    assert posted.detail["forced"] == "suggestion_accepted"
    reader = posted.detail["reader"]
    assert isinstance(reader, dict) and reader["kind"] == "chat" and reader["unsure"] is True
    [correction] = w.store.corrections
    assert correction.reason is Reason.SUGGESTION_ACCEPTED and correction.request_id == request.id
    assert correction.reader_label["kind"] == "chat" and correction.label["kind"] == "request"
    assert (correction.user_id, correction.chat_id, correction.message_id) == (REQUESTER, CHAT, message_id)
    # Pressed again (a double tap): nothing more opens.
    again = await w.core.handle(w.button(REQUESTER, button_data(suggestion_id)))
    assert again.name == "suggestion_closed" and len(w.requests()) == 1


async def test_anyone_else_pressing_gets_a_polite_pop_up_and_nothing_opens() -> None:
    w = _world()
    _, suggestion_id = await _suggested(w)
    mark = w.mark()

    outcome = await w.core.handle(w.button(NEIGHBOUR, button_data(suggestion_id)))

    assert outcome.name == "suggestion_not_yours"
    assert w.requests() == [] and w.store.corrections == []
    [answer] = w.since(mark)
    assert isinstance(answer, AnswerButton) and key_of(answer) == "suggest_not_yours"
    assert _suggestion(w, suggestion_id) is SuggestionStatus.PENDING


async def test_an_unused_question_is_deleted_after_the_timeout_and_kept_as_not_a_request() -> None:
    w = _world()
    message_id, suggestion_id = await _suggested(w)
    await w.deliver()

    w.clock.advance(w.ctx.policy.suggestion_timeout - timedelta(seconds=1))
    assert await _sweep(w) == []
    w.clock.advance(timedelta(seconds=2))
    mark = w.mark()
    [outcome] = await _sweep(w)

    assert outcome.name == "suggestion_expired"
    assert w.since(mark) == [Delete(CHAT, f"suggest:{suggestion_id}")]
    assert _suggestion(w, suggestion_id) is SuggestionStatus.EXPIRED
    [correction] = w.store.corrections
    assert correction.reason is Reason.SUGGESTION_EXPIRED and correction.message_id == message_id
    assert correction.label == {"kind": "chat", "category": None, "building": None, "urgent": False,
                                "emergency": False}
    assert await _sweep(w) == [], "expired once"
    late = await w.core.handle(w.button(REQUESTER, button_data(suggestion_id)))
    assert late.name == "suggestion_closed" and w.requests() == []


async def test_the_authors_reply_to_the_question_forces_the_request_with_its_words() -> None:
    w = _world()
    message_id, suggestion_id = await _suggested(w)
    refs = await w.deliver()
    question = refs[f"suggest:{suggestion_id}"]

    other = await w.say(NEIGHBOUR, CHATTY, reply_to=question)
    assert other.name == "chat" and w.requests() == []

    outcome = await w.say(REQUESTER, "yes please, milk and eggs", reply_to=question)

    assert outcome.name == "posted"
    [request] = w.requests()
    assert request.message_id == message_id and request.text == MAYBE + "\nyes please, milk and eggs"
    assert [c.reason for c in w.store.corrections] == [Reason.FORCED_REPLY]
    assert Delete(CHAT, f"suggest:{suggestion_id}") in w.pending()


async def test_ask_forces_a_request_whatever_the_reader_says() -> None:
    w = _world()
    mark = w.mark()
    command = w.message(REQUESTER, f"/ask {CHATTY}")

    outcome = await w.core.handle(command)

    assert outcome.name == "posted"
    [request] = w.requests()
    assert (request.text, request.message_id, request.category) == (CHATTY, command.message_id, "other")
    [card] = [s for s in sends(w.since(mark)) if key_of(s) == "card"]
    assert card.reply_to_message_id == command.message_id
    [correction] = w.store.corrections
    assert correction.reason is Reason.FORCED_ASK and correction.text == CHATTY
    assert correction.label == {"kind": "request", "category": "other", "building": None, "urgent": False,
                                "emergency": False}


async def test_ask_of_a_clear_request_is_no_correction_and_ask_needs_words_and_a_group() -> None:
    w = World()
    assert (await w.say(REQUESTER, "/ask 要下雨啦,198号楼谁家有人在,请帮我收下被子!")).name == "posted"
    assert w.store.corrections == []
    mark = w.mark()
    assert (await w.say(REQUESTER, "/ask")).name == "usage"
    assert (await w.say(REQUESTER, "/ask 帮我取快递", private=True)).name == "ask_group_only"
    assert [key_of(s) for s in sends(w.since(mark))] == ["ask_usage", "ask_group_only"]
    assert len(w.requests()) == 1


async def test_the_requester_withdraws_a_card_as_not_a_request_and_nobody_else_can() -> None:
    w = World()
    await w.volunteer(3001, "198 电工")
    request = await w.post()
    mark = w.mark()

    refused = await w.press(NEIGHBOUR, Verb.WITHDRAW, request.id)
    assert refused.name == "refused_not_requester"
    assert [key_of(a) for a in answers(w.since(mark))] == ["only_requester_withdraws"]
    assert w.request(request.id).status is Status.OPEN

    outcome = await w.press(REQUESTER, Verb.WITHDRAW, request.id)

    assert outcome.name == "withdrawn"
    assert w.request(request.id).status is Status.CANCELLED
    cancelled = [e for e in w.events(request.id) if e.type is EventType.CANCELLED]
    assert [e.detail["reason"] for e in cancelled] == ["not_a_request"]
    assert any(isinstance(a, Edit) and a.text.startswith(f"card|#{request.id}|cancelled") for a in w.since(mark))
    assert [key_of(a) for a in answers(w.since(mark))] == ["only_requester_withdraws", "not_request_ok"]
    [correction] = w.store.corrections
    assert correction.reason is Reason.WITHDRAWN and correction.request_id == request.id
    assert correction.reader_label["kind"] == "request" and correction.reader_label["category"] == "laundry"
    assert correction.label == {"kind": "chat", "category": None, "building": "198", "urgent": False,
                                "emergency": False}
    again = await w.press(REQUESTER, Verb.WITHDRAW, request.id)
    assert again.name == "unknown_button" and len(w.store.corrections) == 1


async def test_a_claim_under_a_message_read_as_chat_claims_nothing_but_keeps_it_as_a_candidate() -> None:
    reader = ScriptedReader().on("my fridge is leaking all over the floor", reading(Kind.CHAT, p_request=0.1))
    w = World(read=reader)
    original = w.message(NEIGHBOUR, "my fridge is leaking all over the floor")
    assert (await w.core.handle(original)).name == "chat"

    claim = w.message(3001, "我来!", reply_to=original.message_id)
    from dataclasses import replace

    claim = replace(claim, reply_to_text=original.text, reply_to_user_id=NEIGHBOUR)
    outcome = await w.core.handle(claim)

    assert outcome.name == "chat" and outcome.detail.get("correction") is True
    assert w.requests() == []
    [correction] = w.store.corrections
    assert correction.reason is Reason.CLAIMED_AS_CHAT and correction.user_id == 3001
    assert (correction.text, correction.message_id, correction.label["kind"]) == (
        original.text, original.message_id, "request")
    # Under the claimer's own message, or with no words to go on, nothing is kept.
    own = replace(w.message(3001, "我来!", reply_to=original.message_id), reply_to_text="x", reply_to_user_id=3001)
    assert (await w.core.handle(own)).detail.get("correction") is None
    assert len(w.store.corrections) == 1


async def _sweep(w: World) -> list[Outcome]:
    return await expire_suggestions(w.ctx, w.factory)


def test_the_delete_action_is_a_plain_value() -> None:
    assert Delete(CHAT, "suggest:1") == Delete(CHAT, "suggest:1")
    assert not isinstance(Delete(CHAT, "x"), Send)
