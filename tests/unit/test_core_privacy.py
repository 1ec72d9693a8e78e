"""The claimer, and only the claimer, gets a request's hidden numbers, privately."""

from __future__ import annotations

from datetime import timedelta

from handlers.domain import Status
from handlers.domain.privacy import REMOVED
from handlers.intake.buttons import Verb
from handlers.retention import blank_old_texts
from tests.unit.core_helpers import CHAT, LADDER, REQUESTER, World, key_of, sends

CLAIMER = 3001
SHY = 3002  # a volunteer who never started the bot
PRIVATE_TEXT = "要下雨啦,198号楼1502的张奶奶请帮我收下被子!电话13812345678"


async def world() -> World:
    w = World()
    await w.volunteer(CLAIMER, "198 电工")
    await w.volunteer(SHY, "198 做饭", started=False)
    return w


async def test_the_claimer_is_sent_the_full_words_privately() -> None:
    w = await world()
    request = await w.post(PRIVATE_TEXT)
    mark = w.mark()

    assert (await w.press(CLAIMER, Verb.CLAIM, request.id)).name == "claimed"

    [details] = [s for s in sends(w.since(mark)) if key_of(s) == "details"]
    assert details.chat_id == CLAIMER
    assert details.text == f"details|#{request.id}|{PRIVATE_TEXT}"
    assert not sends(w.since(mark), CHAT)  # nothing more in the group than the card's edit


async def test_nothing_extra_is_sent_when_nothing_was_hidden() -> None:
    w = await world()
    request = await w.post()
    mark = w.mark()
    await w.press(CLAIMER, Verb.CLAIM, request.id)
    assert not [s for s in sends(w.since(mark)) if key_of(s) == "details"]


async def test_a_claimer_who_never_started_the_bot_gets_them_at_start() -> None:
    w = await world()
    request = await w.post(PRIVATE_TEXT)
    mark = w.mark()
    await w.say(SHY, "我来", reply_to=request.message_id)
    assert w.request(request.id).claimers == (SHY,)
    assert not [s for s in sends(w.since(mark)) if key_of(s) == "details"]  # the bot may not write yet

    mark = w.mark()
    assert (await w.say(SHY, "/start", private=True)).name == "welcome"

    [details] = [s for s in sends(w.since(mark)) if key_of(s) == "details"]
    assert details.chat_id == SHY and PRIVATE_TEXT in details.text


async def test_start_sends_nothing_for_requests_held_by_others_or_closed() -> None:
    w = await world()
    request = await w.post(PRIVATE_TEXT)
    await w.press(CLAIMER, Verb.CLAIM, request.id)
    await w.press(CLAIMER, Verb.DONE, request.id)
    mark = w.mark()
    await w.say(CLAIMER, "/start", private=True)
    await w.say(SHY, "/start", private=True)
    assert not [s for s in sends(w.since(mark)) if key_of(s) == "details"]


async def test_the_follow_up_in_the_group_is_the_masked_one() -> None:
    w = await world()
    request = await w.post(PRIVATE_TEXT)
    await w.say(SHY, "我来", reply_to=request.message_id)
    mark = w.mark()
    w.clock.advance(LADDER.scaled(LADDER.follow_up_after, request.urgent))
    await w.sweep()
    [in_group] = [s for s in sends(w.since(mark), CHAT) if key_of(s) == "follow_up"]
    assert in_group.text.endswith("|group")


async def test_forget_is_private_asks_for_a_yes_and_then_forgets() -> None:
    w = await world()
    request = await w.post(PRIVATE_TEXT)
    assert (await w.say(REQUESTER, "/forget yes")).name == "forget_private_only"
    assert (await w.say(REQUESTER, "/forget", private=True)).name == "usage"
    assert w.request(request.id).text == PRIVATE_TEXT

    outcome = await w.say(REQUESTER, "/forget yes", private=True)

    assert outcome.name == "forgotten" and outcome.detail["total"] == 3  # request, person, private chat
    assert w.request(request.id).text == REMOVED and w.request(request.id).status is Status.OPEN
    assert REQUESTER not in w.store.people


async def test_the_daily_retention_blanks_words_of_requests_closed_long_enough_ago() -> None:
    w = await world()
    request = await w.post(PRIVATE_TEXT)
    kept = await w.post("197号楼谁能帮我取个快递")
    await w.press(CLAIMER, Verb.CLAIM, request.id)
    await w.press(CLAIMER, Verb.DONE, request.id)
    w.clock.advance(timedelta(days=w.ctx.policy.keep_text_days) - timedelta(minutes=1))
    assert (await blank_old_texts(w.ctx, w.factory)).detail["removed"] == {
        "requests": 0, "suggestions": 0, "offers": 0, "concerns": 0, "outbox": 0,
    }
    w.clock.advance(timedelta(minutes=2))

    outcome = await blank_old_texts(w.ctx, w.factory)

    assert outcome.name == "texts_blanked" and outcome.detail["removed"]["requests"] == 1  # type: ignore[index]
    assert w.request(request.id).text == REMOVED
    assert w.request(kept.id).text == "197号楼谁能帮我取个快递"  # still open: its words are still needed
