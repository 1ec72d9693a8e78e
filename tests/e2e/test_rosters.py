"""The secretary's desk through the real aiogram and PTB stacks, over HTTP, on SQLite: a visit
roster answered by buttons and a note, /setup by buttons and typed (kept over a restart),
/secretary, consent to be named, and the morning digest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.fakeapi import FakeBotApi, Json
from handlers.domain.visits import VisitEventType
from tests.e2e.harness import GROUP, SECRETARY, UNCONFIGURED, Scene, bot_running

pytestmark = [pytest.mark.asyncio, pytest.mark.parametrize("framework", ["aiogram", "ptb"])]

RESIDENT = "Mrs Zhang"
CARER = 201


def bot_messages(s: Scene, chat_id: int) -> list[Json]:
    return [m for m in s.api.messages_in(chat_id) if m.get("from", {}).get("is_bot")]


async def wait_text(s: Scene, chat_id: int, found: Callable[[str], bool]) -> Json:
    def look() -> Json | None:
        return next((m for m in reversed(bot_messages(s, chat_id)) if found(m.get("text", ""))), None)

    message: Json = await s.api.wait_for(look, timeout=10)
    return message


def never_named_in_groups(s: Scene, *chats: int) -> None:
    for chat in chats:
        assert all(RESIDENT not in m.get("text", "") for m in bot_messages(s, chat))


async def test_a_visit_roster_from_registration_to_a_reminder_answered(framework: str, tmp_path: Path) -> None:
    async with FakeBotApi() as api, bot_running(api, framework, tmp_path / "bot.db") as app:
        s = Scene(api, app, api.group(GROUP, "图强小区邻里群"))
        s.user("secretary", SECRETARY, "王书记")
        s.user("chen", CARER, "陈阿姨")
        s.user("zhang", 301, "张奶奶")
        s.private("secretary", "/start")
        s.private("chen", "/volunteer 198 跑腿")
        await s.settle()

        s.private("secretary", f"/roster add 198 {CARER} {RESIDENT} 3/5 elderly")
        added = await wait_text(s, SECRETARY, lambda t: "visit roster as #1" in t)
        assert RESIDENT in added["text"] and "every 3 days" in added["text"]
        reminder = await wait_text(s, CARER, lambda t: RESIDENT in t and "get in touch" in t)
        buttons = s.buttons(reminder)
        assert len(buttons) == 3 and all(b.startswith("k:1:") for b in buttons)

        api.press(api.private(s.users["chen"]), s.users["chen"], reminder["message_id"], buttons[0])
        await s.settle()
        assert "recorded “📞 Contacted”" in s.current(reminder)["text"]
        assert any("contacted" in a for a in s.answers())
        s.api.post(api.private(s.users["chen"]), s.users["chen"], "Her knee hurts; clinic on Saturday",
                   reply_to=reminder["message_id"])
        await wait_text(s, CARER, lambda t: t.startswith("📝 Noted about"))

        api.press(api.private(s.users["chen"]), s.users["chen"], reminder["message_id"], buttons[2])
        await s.settle()
        [request] = await s.requests()
        assert (request.chat_id, request.building, request.requester_id) == (GROUP, "198", CARER)
        card = await wait_text(s, GROUP, lambda t: f"#{request.id}" in t)
        assert "building 198" in card["text"] and s.buttons(card)[0].startswith("c:")

        s.post("secretary", "/roster")
        await wait_text(s, GROUP, lambda t: t == "📬 Sent to you privately.")
        listed = await wait_text(s, SECRETARY, lambda t: t.startswith("🏠 Visit roster (1)"))
        assert RESIDENT in listed["text"] and "陈阿姨" in listed["text"]
        s.post("zhang", "/roster")
        await wait_text(s, GROUP, lambda t: "for the community's secretaries only" in t)
        s.private("secretary", "/roster add 198")
        await wait_text(s, SECRETARY, lambda t: t.startswith("Usage:"))

        await app.jobs.digest()
        digest = await wait_text(s, SECRETARY, lambda t: "morning digest" in t)
        assert "1 requests waiting" in digest["text"] and f"#{request.id}" in digest["text"]

        s.private("secretary", "/roster off 1")
        await wait_text(s, SECRETARY, lambda t: "is off the visit roster" in t)
        async with app.core.uow_factory() as uow:
            types = [e.type for e in await uow.rosters.history(1)]
        assert types == [
            VisitEventType.ADDED, VisitEventType.REMINDED_CONTACT, VisitEventType.CONTACTED, VisitEventType.NOTE,
            VisitEventType.NEEDS_HELP, VisitEventType.OFF,
        ]
        never_named_in_groups(s, GROUP)
        assert api.flood_violations(per_chat_burst=1) == []


async def test_setup_secretaries_and_consent_without_editing_config(framework: str, tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    async with FakeBotApi() as api:
        async with bot_running(api, framework, db) as app:
            s = Scene(api, app, api.group(GROUP, "图强小区邻里群"))
            building_group = api.group(UNCONFIGURED, "198号楼群")
            new_group = api.group(-1008888, "新村群")
            s.user("secretary", SECRETARY, "王书记")
            s.user("deputy", 401, "李主任")
            s.user("zhang", 301, "张奶奶")
            s.private("secretary", "/start")
            s.private("deputy", "/start")
            await s.settle()

            s.post("zhang", "/setup", chat=building_group)
            await wait_text(s, UNCONFIGURED, lambda t: "secretaries only" in t)
            s.post("secretary", "/setup", chat=building_group)
            screen = await wait_text(s, UNCONFIGURED, lambda t: "which compound" in t)
            api.press(building_group, s.users["secretary"], screen["message_id"], s.buttons(screen)[0])
            await s.settle()
            buildings = s.current(screen)
            assert "which buildings" in buildings["text"]
            api.press(building_group, s.users["secretary"], screen["message_id"], s.buttons(buildings)[2])
            await s.settle()
            toggled = s.current(screen)
            assert any(b["text"] == "✓ 198" for row in toggled["reply_markup"]["inline_keyboard"] for b in row)
            api.press(building_group, s.users["secretary"], screen["message_id"], s.buttons(toggled)[-1])
            await s.settle()
            assert "bound to 深田社区 · 图强小区 (buildings: 198)" in s.current(screen)["text"]
            await s.card(s.post("zhang", "要下雨啦,198号楼谁家有人在,请帮我收下被子!", chat=building_group))

            s.post("secretary", "/setup 新村小区 A B", chat=new_group)
            await wait_text(s, -1008888, lambda t: "bound to 深田社区 · 新村小区" in t)

            s.private("secretary", "/secretary add 401")
            await wait_text(s, SECRETARY, lambda t: "李主任 is now a secretary of 深田社区" in t)
            s.private("deputy", "/roster")
            await wait_text(s, 401, lambda t: t.startswith("🏠 The visit roster is empty"))
            s.post("secretary", "/secretary")
            listed = await wait_text(s, SECRETARY, lambda t: t.startswith("👥"))
            assert "401" in listed["text"] and "9001" in listed["text"]

            s.private("deputy", "/volunteer 198")
            await s.settle()
            s.private("deputy", "/volunteer name on")
            await wait_text(s, 401, lambda t: "thank you by name" in t)

        async with bot_running(api, framework, db) as app:  # a restart keeps what was set up
            s = Scene(api, app, api.group(GROUP, "图强小区邻里群"))
            s.users.update({"zhang": api.user(301, "张奶奶"), "deputy": api.user(401, "李主任"),
                            "secretary": api.user(SECRETARY, "王书记")})
            s.post("zhang", "/volunteer A", chat=new_group)
            await wait_text(s, -1008888, lambda t: "building A" in t or "A 号楼" in t)
            s.private("deputy", "/roster")
            await s.settle()
            assert len([m for m in bot_messages(s, 401) if m["text"].startswith("🏠 The visit roster is empty")]) == 2
            s.private("secretary", "/secretary remove 401")
            await wait_text(s, SECRETARY, lambda t: "no longer a secretary" in t)
            s.private("deputy", "/roster")
            await wait_text(s, 401, lambda t: "secretaries only" in t)
            assert api.flood_violations(per_chat_burst=1) == []
