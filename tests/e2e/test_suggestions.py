"""Unsure messages, /ask, "not a request" and the corrections export, through both real stacks."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.fakeapi import FakeBotApi
from handlers.domain import Kind, Status
from tests.e2e.harness import GROUP, Json, Scene, bot_running, scene
from tests.unit.readers import ScriptedReader, reading

pytestmark = [pytest.mark.asyncio, pytest.mark.parametrize("framework", ["aiogram", "ptb"])]

MAYBE = "anyone heading to the supermarket later?"
QUILT = "要下雨啦,198号楼谁家有人在,请帮我收下被子!"


def _reader() -> ScriptedReader:
    # The model is retrained often: the unsure message is scripted, everything else is read for real.
    return ScriptedReader().on(MAYBE, reading(Kind.CHAT, unsure=True, p_request=0.4))


def _people(s: Scene) -> None:
    s.user("zhang", 301, "张奶奶")
    s.user("chen", 201, "陈阿姨")


async def _question(s: Scene, posted: Json) -> Json:
    """The bot's one reply to `posted`: the question with its single button."""

    def find() -> Json | None:
        for message in s.api.messages_in(GROUP):
            if (message.get("reply_to_message") or {}).get("message_id") == posted["message_id"]:
                return message
        return None

    question: Json = await s.api.wait_for(find, timeout=10)
    return question


def _deleted(s: Scene, message: Json) -> bool:
    return all(m["message_id"] != message["message_id"] for m in s.api.messages_in(GROUP)) and any(
        c.params.get("message_id") == message["message_id"] for c in s.api.sent("deleteMessage", GROUP)
    )


async def test_the_author_presses_the_suggestion_and_the_card_opens_others_get_a_pop_up(
    framework: str, tmp_path: Path
) -> None:
    async with scene(framework, tmp_path / "bot.db", read=_reader()) as s:
        _people(s)
        maybe = s.post("zhang", MAYBE)
        question = await _question(s, maybe)
        await s.settle()
        assert "neighbours" in question["text"]
        [button] = s.buttons(question)
        assert await s.requests() == [], "no card while unsure"

        s.api.press(s.group, s.users["chen"], question["message_id"], button)
        await s.settle()
        assert await s.requests() == [], "only the author may open it"
        assert any("Only the person who wrote" in a for a in s.answers())
        assert not _deleted(s, question)

        s.api.press(s.group, s.users["zhang"], question["message_id"], button)
        await s.settle()
        [request] = await s.requests()
        assert request.status is Status.OPEN and request.text == MAYBE
        card = await s.card(maybe)
        assert any(b.startswith("c:") for b in s.buttons(card))
        await s.api.wait_for(lambda: _deleted(s, question))
        assert s.api.unanswered_callback_queries() == []


async def test_an_unused_suggestion_is_deleted_after_the_timeout(framework: str, tmp_path: Path) -> None:
    async with scene(framework, tmp_path / "bot.db", read=_reader(), suggestion_timeout="1s") as s:
        _people(s)
        question = await _question(s, s.post("zhang", MAYBE))
        await s.api.wait_for(lambda: _deleted(s, question), timeout=10)
        await s.settle()
        assert await s.requests() == []


async def test_a_suggestion_timer_survives_a_restart(framework: str, tmp_path: Path) -> None:
    """Stopped before its time is up, the bot deletes the question after the next start."""
    db = tmp_path / "bot.db"
    async with FakeBotApi() as api:
        group = api.group(GROUP, "图强小区邻里群")
        zhang = api.user(301, "张奶奶")
        async with bot_running(api, framework, db, read=_reader(), suggestion_timeout="4s") as app:
            posted_at = time.monotonic()
            maybe = api.post(group, zhang, MAYBE)
            s = Scene(api, app, group, {"zhang": zhang})
            question = await _question(s, maybe)
            await s.settle()
        assert not _deleted(s, question), "stopped well before the timeout"
        await asyncio.sleep(max(0.0, posted_at + 4.5 - time.monotonic()))  # the time is up while nothing runs
        async with bot_running(api, framework, db, read=_reader(), suggestion_timeout="4s") as app:
            s = Scene(api, app, group, {"zhang": zhang})
            await api.wait_for(lambda: _deleted(s, question), timeout=10)
            await s.settle()
            assert await s.requests() == []
        assert len(api.sent("deleteMessage", GROUP)) == 1, "deleted once"


async def test_ask_forces_a_request_and_the_requester_withdraws_it_as_not_a_request(
    framework: str, tmp_path: Path
) -> None:
    async with scene(framework, tmp_path / "bot.db") as s:
        _people(s)
        ask = s.post("zhang", "/ask the weather is lovely today")
        card = await s.card(ask)
        [request] = await s.requests()
        assert request.text == "the weather is lovely today" and request.status is Status.OPEN
        withdraw = f"w:{request.id}"
        assert withdraw in s.buttons(card)

        s.api.press(s.group, s.users["chen"], card["message_id"], withdraw)
        await s.settle()
        assert (await s.requests())[0].status is Status.OPEN
        assert any("Only the requester" in a for a in s.answers())

        s.api.press(s.group, s.users["zhang"], card["message_id"], withdraw)
        await s.settle()
        [request] = await s.requests()
        assert request.status is Status.CANCELLED
        assert not s.current(card).get("reply_markup"), "the edited card has no buttons left"
        assert any("not a request" in a for a in s.answers())


async def test_a_claim_under_a_message_that_got_no_card_claims_nothing_and_keeps_it_as_a_candidate(
    framework: str, tmp_path: Path
) -> None:
    leak = "my kitchen tap has been dripping all night"
    reader = _reader().on(leak, reading(Kind.CHAT, p_request=0.1)).on("我来,马上到", reading(Kind.CLAIM))
    async with scene(framework, tmp_path / "bot.db", read=reader) as s:
        _people(s)
        original = s.post("zhang", leak)
        await s.settle()
        s.post("chen", "我来,马上到", reply_to=original["message_id"])
        await s.settle()
        assert await s.requests() == [] and s.api.messages_in(GROUP) == [], "nothing opens, nothing is said"
        async with s.app.core.uow_factory() as uow:
            [correction] = await uow.corrections.all()
        assert (correction.text, correction.message_id, correction.user_id) == (leak, original["message_id"], 201)
        assert correction.reason.value == "claimed_as_chat" and correction.label["kind"] == "request"


async def test_corrections_export_writes_label_lines(framework: str, tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    async with scene(framework, db, read=_reader()) as s:
        _people(s)
        maybe = s.post("zhang", MAYBE)
        question = await _question(s, maybe)
        await s.settle()
        s.api.press(s.group, s.users["zhang"], question["message_id"], s.buttons(question)[0])
        await s.settle()
        quilt = s.post("zhang", QUILT)
        card = await s.card(quilt)
        [request] = [r for r in await s.requests() if r.text == QUILT]
        s.api.press(s.group, s.users["zhang"], card["message_id"], f"w:{request.id}")
        await s.settle()

    config = tmp_path / "config.toml"
    config.write_text(
        f'[database]\nurl = "sqlite+aiosqlite:///{db}"\n[[communities]]\nname = "深田社区"\n', encoding="utf-8"
    )
    out = tmp_path / "corrections.jsonl"
    assert await asyncio.to_thread(main, ["corrections", "export", "--config", str(config), str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [list(line) for line in lines] == [["text", "kind", "category", "building", "urgent", "emergency"]] * 2
    assert lines[0] == {"text": MAYBE, "kind": "request", "category": lines[0]["category"], "building": None,
                        "urgent": False, "emergency": False}
    assert lines[1] == {"text": QUILT, "kind": "chat", "category": None, "building": "198", "urgent": False,
                        "emergency": False}
