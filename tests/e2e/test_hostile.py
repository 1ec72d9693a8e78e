"""Hostile and odd input through the real stacks: forged buttons, garbage data, an update the
framework cannot parse, control and invisible characters, huge text, forwards."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.fakeapi import Json
from handlers.domain import Status
from storage.inbox_rows import InboxRow
from tests.e2e.harness import OTHER_GROUP, UNCONFIGURED, Scene, scene

pytestmark = [pytest.mark.asyncio, pytest.mark.parametrize("framework", ["aiogram", "ptb"])]

QUILT = "要下雨啦,198号楼谁家有人在,请帮我收下被子!"
EXPIRED = "This button no longer works."


async def posted_card(s: Scene, text: str = QUILT) -> tuple[Json, Json]:
    s.user("grandma", 301, "张奶奶")
    asked = s.post("grandma", text)
    return asked, await s.card(asked)


async def test_forged_and_garbage_presses_are_answered_expired_and_change_nothing(
    framework: str, tmp_path: Path
) -> None:
    async with scene(framework, tmp_path / "b.db") as s:
        _, card = await posted_card(s)
        before = s.current(card)["text"]
        s.user("stranger", 401, "路人")
        claim = s.buttons(card)[0]
        other = s.api.group(OTHER_GROUP, "东园小区邻里群")
        unlisted = s.api.group(UNCONFIGURED, "某群")
        forged = [(other, claim), (unlisted, claim), (s.group, "c:99999999999999999999"), (s.group, "c:²"),
                  (s.group, "\x00garbage"), (s.group, "")]  # fmt: skip
        for chat, data in forged:
            target = s.api.post(chat, s.users["stranger"], "hi") if chat is not s.group else card
            s.api.press(chat, s.users["stranger"], target["message_id"], data, check_button=False)
        await s.settle()
        assert s.answers() == [EXPIRED] * len(forged)
        assert s.api.unanswered_callback_queries() == []
        assert s.current(card)["text"] == before
        [request] = await s.requests()
        assert request.status is Status.OPEN and request.claimers == ()


async def test_an_update_the_framework_cannot_parse_is_kept_and_the_bot_goes_on(
    framework: str, tmp_path: Path
) -> None:
    async with scene(framework, tmp_path / "m.db") as s:
        s.user("grandma", 301, "张奶奶")
        broken = {"message_id": 77, "from": s.users["grandma"], "chat": {"id": s.group["id"]}, "text": QUILT}
        bad = s.api._enqueue("message", broken)  # no chat type, no date
        _, card = await posted_card(s)
        assert card["message_id"]
        await s.settle()
        async with s.app.engine.connect() as connection:
            rows = (await connection.execute(select(InboxRow.update_id, InboxRow.state))).all()
        assert (bad["update_id"], "unreadable") in rows
        getupdates = [c for c in s.api.calls if c.method == "getUpdates"]
        assert len(getupdates) < 60  # not refetched over and over


async def test_control_characters_huge_text_and_invisible_marks(framework: str, tmp_path: Path) -> None:
    async with scene(framework, tmp_path / "t.db") as s:
        text = "要下雨啦\x00,19\u200b8号楼\u202e谁家有人在\x07,请帮我收下被子!" + "啊" * 5000
        asked, card = await posted_card(s, text)
        [request] = await s.requests()
        assert request.building == "198"
        assert "\x00" not in request.text and "\x07" not in request.text and len(request.text) > 5000
        assert len(s.current(card)["text"]) < 4096
        assert asked["message_id"] == request.message_id


async def test_a_forwarded_request_says_so_and_the_forwarder_is_asked(framework: str, tmp_path: Path) -> None:
    async with scene(framework, tmp_path / "f.db") as s:
        helper = s.user("helper", 302, "小李")
        author = s.api.user(303, "张奶奶")
        origin = {"type": "user", "sender_user": author, "date": int(time.time()) - 60}
        s.api.post(s.group, helper, QUILT, forward_origin=origin)
        hidden = {"type": "hidden_user", "sender_user_name": "王<大爷>", "date": int(time.time()) - 60}
        s.api.post(s.group, helper, "197号楼谁家有梯子,借用一下,请帮帮忙", forward_origin=hidden)
        await s.settle()
        first, second = await s.requests()
        assert (first.requester_id, first.forwarded_from) == (302, "张奶奶")
        assert second.forwarded_from == "王<大爷>"
        cards = [m["text"] for m in s.api.messages_in(s.group["id"]) if m.get("reply_markup")]
        assert any("Forwarded by 小李 from 张奶奶" in c for c in cards)
        assert any("Forwarded by 小李 from 王<大爷>" in c for c in cards)  # escaped, shown as written
