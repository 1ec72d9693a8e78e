"""The secretary's desk through the real aiogram and python-telegram-bot stacks over the fake Bot API:
the three lists (paged in place), concerns merged, tabled, marked by button and fixed (the group told)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.harness import GROUP, SECRETARY, Json, Scene, scene

pytestmark = [pytest.mark.asyncio, pytest.mark.parametrize("framework", ["aiogram", "ptb"])]

LIFT = ["198号楼的电梯又坏了,老人上下楼太不方便了", "198栋电梯又坏啦,什么时候修啊",
        "The lift in building 198 is broken again"]


async def bot_says(s: Scene, chat_id: int, needle: str, after: int = 0) -> Json:
    """The bot's first message in `chat_id` (past the first `after`) containing `needle`, once it arrives:
    waiting for the very answer, not for quiet, keeps the test right on a busy machine."""

    def find() -> Json | None:
        return next((m for m in s.api.messages_in(chat_id)[after:]
                     if m["from"]["is_bot"] and needle in m.get("text", "")), None)

    found: Json = await s.api.wait_for(find, timeout=30)
    return found


async def ask(s: Scene, who: str, text: str, needle: str, user_id: int = SECRETARY) -> Json:
    """`who` writes `text` privately; the bot's answer containing `needle`."""
    after = len(s.api.messages_in(user_id))
    s.private(who, text)
    return await bot_says(s, user_id, needle, after)


async def edited(s: Scene, message: Json, needle: str) -> Json:
    """A bot message once an edit has put `needle` in it."""

    def now() -> Json | None:
        current = s.current(message)
        return current if needle in current.get("text", "") else None

    found: Json = await s.api.wait_for(now, timeout=30)
    return found


async def secretary(s: Scene) -> None:
    s.user("sec", SECRETARY, "王书记")
    s.private("sec", "/start")
    await s.settle()


async def test_a_concern_raised_by_three_is_merged_tabled_fixed_and_the_group_told(
    framework: str, tmp_path: Path
) -> None:
    async with scene(framework, tmp_path / "bot.db") as s:
        await secretary(s)
        raised = []
        for key, user_id, name, text in zip(("a", "b", "c"), (301, 302, 303), ("张奶奶", "刘先生", "Amy"), LIFT,
                                            strict=True):
            s.user(key, user_id, name)
            after = len(s.api.messages_in(GROUP))
            raised.append(s.post(key, text))
            await bot_says(s, GROUP, "#1", after)
        assert "3 neighbours have raised this" in s.api.messages_in(GROUP)[-1]["text"]

        after = len(s.api.messages_in(GROUP))
        s.post("a", "/concerns")  # a resident may not
        await bot_says(s, GROUP, "secretaries only", after)
        s.post("sec", "/concerns")  # the secretary, in the group: privately
        await bot_says(s, GROUP, "Sent to you privately", after)
        listed = await bot_says(s, SECRETARY, "List of concerns")
        assert "👥 3" in listed["text"] and "#1" in listed["text"]

        agenda = (await ask(s, "sec", "/agenda", "agenda"))["text"]
        assert "#1" in agenda and "1 raised concern(s) tabled" in agenda

        entry = await ask(s, "sec", "/concern 1 outcome The lift company replaced the control board", "Outcome")
        assert "tabled" in entry["text"] and "Raised by 3 residents" in entry["text"]
        fixed = next(d for d in s.buttons(entry) if d.endswith(":f:" + d.split(":")[-1]))

        # Someone else forging the button gets a polite pop-up and changes nothing.
        welcome = await ask(s, "a", "/start", "Jinlin", user_id=301)
        s.api.press(s.api.private(s.users["a"]), s.users["a"], welcome["message_id"], fixed, check_button=False)
        await s.api.wait_for(lambda: any("secretaries only" in a for a in s.answers()) or None, timeout=30)
        await s.settle()
        assert "✅ Fixed" not in "".join(m.get("text", "") for m in s.api.messages_in(GROUP))

        s.api.press(s.api.private(s.users["sec"]), s.users["sec"], entry["message_id"], fixed)
        await edited(s, entry, "fixed")
        await s.api.wait_for(lambda: any("Concern #1 updated" in a for a in s.answers()) or None, timeout=30)
        notice = await bot_says(s, GROUP, "Fixed")
        await s.settle()
        assert len([m for m in s.api.messages_in(GROUP) if m["from"]["is_bot"] and "Fixed" in m["text"]]) == 1
        assert notice["reply_to_message"]["message_id"] == raised[-1]["message_id"]
        assert "control board" in notice["text"] and "张奶奶" not in notice["text"]


async def test_notes_and_owners_by_command_and_the_lists_page_in_place(framework: str, tmp_path: Path) -> None:
    async with scene(framework, tmp_path / "bot.db") as s:
        await secretary(s)
        for i in range(9):
            s.user(f"v{i}", 400 + i, f"志愿者{i}")
            s.private(f"v{i}", f"/volunteer {196 + i % 3} 跑腿")
        s.user("zhang", 301, "张奶奶")
        s.post("zhang", "我家有轮椅,谁需要可以借")
        await s.settle()
        s.post("zhang", "198号楼谁能帮我取个快递?")
        await s.settle()

        demand = (await ask(s, "sec", "/open", "Demand list"))["text"]
        assert "called:" in demand and "so far" in demand

        roster = await ask(s, "sec", "/volunteers", "Resource list")
        assert "(10)" in roster["text"] and "Page 1/2" in roster["text"]
        [next_page] = s.buttons(roster)
        s.api.press(s.api.private(s.users["sec"]), s.users["sec"], roster["message_id"], next_page)
        turned = await edited(s, roster, "Page 2/2")
        assert "轮椅" in turned["text"] and "valid until" in turned["text"]
        assert len(s.buttons(turned)) == 1 and s.buttons(turned)[0] != next_page  # now only ◀

        after = len(s.api.messages_in(GROUP))
        s.post("zhang", "198号楼的电梯又坏了")
        await bot_says(s, GROUP, "#1", after)
        await ask(s, "sec", "/concern 1 note 已报修,等电梯公司", "已报修")
        await ask(s, "sec", "/concern 1 owner 400", "志愿者0")
        entry = (await ask(s, "sec", "/concern 1 status in_hand", "in hand"))["text"]
        assert "志愿者0" in entry and "已报修" in entry
        await ask(s, "sec", "/concern 2", "no concern #2")
