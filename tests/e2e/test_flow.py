"""The whole loop through the real aiogram and python-telegram-bot stacks, over HTTP, on SQLite."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from bot.fakeapi import FakeBotApi
from handlers.domain import EventType, Status
from tests.e2e.harness import GROUP, SECRETARY, UNCONFIGURED, Scene, bot_running, scene

pytestmark = [pytest.mark.asyncio, pytest.mark.parametrize("framework", ["aiogram", "ptb"])]

QUILT = "要下雨啦,198号楼谁家有人在,请帮我收下被子!"


async def _volunteers(s: Scene) -> None:
    s.user("chen", 201, "陈阿姨")
    s.user("wang", 202, "老王")
    s.user("zhang", 301, "张奶奶")
    s.user("li", 203, "小李")
    s.private("chen", "/volunteer 198 跑腿")  # started the bot: can be called privately
    s.post("wang", "/volunteer 198 电工")  # registered in the group only: mentioned, not messaged
    await s.settle()


async def test_quilt_is_carded_claimed_by_button_and_done_by_reply(framework: str, tmp_path: Path) -> None:
    async with scene(framework, tmp_path / "bot.db") as s:
        await _volunteers(s)
        started = time.monotonic()
        quilt = s.post("zhang", QUILT)
        card = await s.card(quilt)
        assert time.monotonic() - started < 1.5, "the card should reply within about a second"
        assert "198" in card["text"] and card["reply_to_message"]["message_id"] == quilt["message_id"]
        claim = s.buttons(card)[0]
        assert claim.startswith("c:"), "the first button claims"
        card_html = next(c.params["text"] for c in s.api.sent("sendMessage", GROUP) if "reply_markup" in c.params)
        assert "tg://user?id=201" in card_html and "tg://user?id=202" in card_html
        await s.settle()
        assert [m for m in s.api.messages_in(201) if claim in s.buttons(m)], "chen is called privately"
        assert not s.api.messages_in(202), "wang never started the bot"

        s.api.press(s.group, s.users["chen"], card["message_id"], claim)
        await s.settle()
        s.api.press(s.group, s.users["wang"], card["message_id"], claim, check_button=False)  # a stale button
        await s.settle()
        card = await s.card(quilt)
        assert "陈阿姨" in card["text"] and not any(b.startswith("c:") for b in s.buttons(card))
        assert any("already" in a for a in s.answers()), "the second claimer is told it is taken"

        s.post("chen", "收好了,被子放在楼梯口了", reply_to=card["message_id"])
        await s.settle()
        [request] = await s.requests()
        assert request.status is Status.DONE
        types = [e.type for e in await s.events(request.id)]
        assert types[0] is EventType.POSTED and types.count(EventType.CLAIMED) == 1 and types[-1] is EventType.DONE
        assert not s.current(card).get("reply_markup"), "a finished request has no buttons"
        assert s.api.flood_violations(per_chat_burst=1) == []


async def test_claim_by_reply_and_requester_thanks_close_it(framework: str, tmp_path: Path) -> None:
    async with scene(framework, tmp_path / "bot.db") as s:
        await _volunteers(s)
        request_message = s.post("zhang", "197号楼有没有懂电的邻居?家里跳闸了")
        await s.card(request_message)
        s.post("wang", "我来,马上到", reply_to=request_message["message_id"])
        await s.settle()
        [request] = await s.requests()
        assert request.status is Status.CLAIMED and request.claimers == (202,)
        s.post("zhang", "谢谢,修好了!")  # no reply: the requester's own active request
        await s.settle()
        [request] = await s.requests()
        assert request.status is Status.DONE


async def test_requester_cancels_in_words_and_others_cannot(framework: str, tmp_path: Path) -> None:
    async with scene(framework, tmp_path / "bot.db") as s:
        await _volunteers(s)
        # Words the reader is sure of: "please bring in laundry, building 198, rain is coming" is
        # only maybe a request (unsure), which is asked about first (tests/e2e/test_suggestions.py).
        posted = s.post("zhang", "rain is coming, could someone in building 198 bring in my laundry please?")
        card = await s.card(posted)
        cancel = next(b for b in s.buttons(card) if b.startswith("x:"))
        s.api.press(s.group, s.users["li"], card["message_id"], cancel)
        await s.settle()
        assert (await s.requests())[0].status is Status.OPEN, "only the requester may cancel"
        s.post("zhang", "never mind, my husband got it")
        await s.settle()
        assert (await s.requests())[0].status is Status.CANCELLED
        card = s.current(card)
        assert "cancelled" in card["text"].lower() and not card.get("reply_markup")


async def test_simultaneous_claims_have_one_winner(framework: str, tmp_path: Path) -> None:
    async with scene(framework, tmp_path / "bot.db") as s:
        await _volunteers(s)
        card = await s.card(s.post("zhang", QUILT))
        claim = s.buttons(card)[0]
        for key in ("chen", "wang", "li"):
            s.api.press(s.group, s.users[key], card["message_id"], claim)
        await s.settle()
        [request] = await s.requests()
        assert request.status is Status.CLAIMED and len(request.claimers) == 1
        assert [e.type for e in await s.events(request.id)].count(EventType.CLAIMED) == 1
        assert len(s.answers()) == 3, "every press is answered"


async def test_duplicate_update_changes_nothing(framework: str, tmp_path: Path) -> None:
    async with scene(framework, tmp_path / "bot.db") as s:
        await _volunteers(s)
        updates: list[int] = []
        s.api.on_update = lambda update: updates.append(int(update["update_id"]))
        s.post("zhang", QUILT)
        await s.settle()
        cards_before = len(s.api.sent("sendMessage", GROUP))
        s.api.redeliver(updates[-1])
        await s.settle()
        assert len(await s.requests()) == 1
        assert len(s.api.sent("sendMessage", GROUP)) == cards_before


async def test_html_in_a_request_is_shown_literally(framework: str, tmp_path: Path) -> None:
    async with scene(framework, tmp_path / "bot.db") as s:
        await _volunteers(s)
        text = "谁能帮忙收下被子 <b>198号楼</b> & <script>alert(1)</script> 急"
        card = await s.card(s.post("zhang", text))
        assert "<script>alert(1)</script>" in card["text"], "escaped on the way out, literal in the chat"
        [request] = await s.requests()
        assert request.text == text


async def test_report_for_secretaries_only_and_chit_chat_is_ignored(framework: str, tmp_path: Path) -> None:
    async with scene(framework, tmp_path / "bot.db") as s:
        await _volunteers(s)
        s.user("secretary", SECRETARY, "王书记")
        before = len(s.api.sent(chat_id=GROUP))
        s.post("zhang", "大家早上好!")
        s.post("li", "Thanks for organizing yesterday's BBQ!")
        await s.settle()
        assert len(s.api.sent(chat_id=GROUP)) == before, "chit-chat gets no reply"
        s.post("zhang", "/report")
        s.private("secretary", "/report all")
        await s.settle()
        refusal = s.api.messages_in(GROUP)[-1]
        assert "secretar" in refusal["text"].lower()
        report = s.api.messages_in(SECRETARY)[-1]["text"]
        assert "0" in report and "Requests" in report


async def test_unconfigured_group_gets_setup_help_only(framework: str, tmp_path: Path) -> None:
    async with scene(framework, tmp_path / "bot.db") as s:
        await _volunteers(s)
        stranger = s.api.group(UNCONFIGURED, "Somewhere else")
        s.post("zhang", QUILT, chat=stranger)
        s.post("zhang", "/start", chat=stranger)
        await s.settle()
        [hint] = s.api.messages_in(UNCONFIGURED)
        assert str(UNCONFIGURED) in hint["text"]
        assert await s.requests() == []


async def test_429_is_honoured_for_that_chat_and_nothing_is_lost(framework: str, tmp_path: Path) -> None:
    async with scene(framework, tmp_path / "bot.db") as s:
        await _volunteers(s)
        s.api.fail_next("sendMessage", status=429, retry_after=2, chat_id=GROUP)
        posted_at = time.monotonic()
        s.post("zhang", QUILT)
        await s.settle()
        cards = [c for c in s.api.sent("sendMessage", GROUP) if "reply_markup" in c.params]
        assert len(cards) == 1, "delivered exactly once after the 429"
        assert cards[0].time - posted_at >= 2.0, "not before retry_after"
        assert s.api.messages_in(201), "the private call was not held back by the group's 429"
        assert s.api.sent("sendMessage", 201)[0].time < cards[0].time


async def test_restart_sends_what_was_left_in_the_outbox(framework: str, tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    async with FakeBotApi() as api:
        group = api.group(GROUP, "图强小区邻里群")
        zhang = api.user(301, "张奶奶")
        async with bot_running(api, framework, db) as app:
            outage = api.fail_next("sendMessage", status=502, times=100, chat_id=GROUP)
            api.post(group, zhang, QUILT)
            await api.wait_for(lambda: outage.fired, timeout=10)
            assert await app.sender.queue.pending_count() >= 1
        api.failures.remove(outage)  # Telegram is back; so is the bot, as a new process
        async with bot_running(api, framework, db) as app:
            await api.wait_for(lambda: api.messages_in(GROUP), timeout=15)
            await asyncio.sleep(0.5)
            assert await app.sender.queue.pending_count() == 0
        cards = [m for m in api.messages_in(GROUP) if m.get("reply_markup")]
        assert len(cards) == 1, "sent exactly once, after the restart"
