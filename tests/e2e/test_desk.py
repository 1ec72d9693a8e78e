"""The secretary's desk through the real aiogram and python-telegram-bot stacks over the fake Bot API:
the three lists (paged in place), concerns merged, tabled, marked by button and fixed (the group told)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.harness import GROUP, SECRETARY, Json, Scene, scene

pytestmark = [pytest.mark.asyncio, pytest.mark.parametrize("framework", ["aiogram", "ptb"])]

LIFT = ["198号楼的电梯又坏了,老人上下楼太不方便了", "198栋电梯又坏啦,什么时候修啊",
        "The lift in building 198 is broken again"]


def last_private(s: Scene, user_id: int) -> Json:
    return s.api.messages_in(user_id)[-1]


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
            raised.append(s.post(key, text))
            await s.settle()
        acks = [m["text"] for m in s.api.messages_in(GROUP) if m["from"]["is_bot"]]
        assert "#1" in acks[0] and "3 neighbours have raised this" in acks[-1]

        s.post("a", "/concerns")  # a resident may not
        await s.settle()
        s.post("sec", "/concerns")  # the secretary, in the group: privately
        await s.settle()
        group_says = [m["text"] for m in s.api.messages_in(GROUP) if m["from"]["is_bot"]][-2:]
        assert "secretaries only" in group_says[0] and "privately" in group_says[1]
        listed = last_private(s, SECRETARY)
        assert "List of concerns" in listed["text"] and "👥 3" in listed["text"] and "#1" in listed["text"]

        s.private("sec", "/agenda")
        await s.settle()
        agenda = last_private(s, SECRETARY)["text"]
        assert "agenda" in agenda and "#1" in agenda and "1 raised concern(s) tabled" in agenda

        s.private("sec", "/concern 1 outcome The lift company replaced the control board")
        s.private("sec", "/concern 1")
        await s.settle()
        entry = last_private(s, SECRETARY)
        assert "tabled" in entry["text"] and "Raised by 3 residents" in entry["text"]
        fixed = next(d for d in s.buttons(entry) if d.endswith(":f:" + d.split(":")[-1]))

        # Someone else forging the button gets a polite pop-up and changes nothing.
        s.private("a", "/start")
        await s.settle()
        welcome = last_private(s, 301)
        s.api.press(s.api.private(s.users["a"]), s.users["a"], welcome["message_id"], fixed, check_button=False)
        await s.settle()
        assert "secretaries only" in s.answers()[-1]
        assert "✅ Fixed" not in "".join(m.get("text", "") for m in s.api.messages_in(GROUP))

        s.api.press(s.api.private(s.users["sec"]), s.users["sec"], entry["message_id"], fixed)
        await s.settle()
        assert "Concern #1 updated" in s.answers()[-1]
        assert "fixed" in s.current(entry)["text"]
        notice = [m for m in s.api.messages_in(GROUP) if m["from"]["is_bot"] and "Fixed" in m.get("text", "")]
        assert len(notice) == 1
        assert notice[0]["reply_to_message"]["message_id"] == raised[-1]["message_id"]
        assert "control board" in notice[0]["text"] and "张奶奶" not in notice[0]["text"]


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

        s.private("sec", "/open")
        await s.settle()
        demand = last_private(s, SECRETARY)["text"]
        assert "Demand list" in demand and "called:" in demand and "so far" in demand

        s.private("sec", "/volunteers")
        await s.settle()
        roster = last_private(s, SECRETARY)
        assert "Resource list" in roster["text"] and "(10)" in roster["text"] and "Page 1/2" in roster["text"]
        [next_page] = s.buttons(roster)
        s.api.press(s.api.private(s.users["sec"]), s.users["sec"], roster["message_id"], next_page)
        await s.settle()
        turned = s.current(roster)
        assert "Page 2/2" in turned["text"] and "轮椅" in turned["text"] and "valid until" in turned["text"]
        assert len(s.buttons(turned)) == 1 and s.buttons(turned)[0] != next_page  # now only ◀

        s.post("zhang", "198号楼的电梯又坏了")
        s.private("v0", "/start")
        await s.settle()
        for change in ("note 已报修,等电梯公司", "owner 400", "status in_hand"):
            s.private("sec", f"/concern 1 {change}")
            await s.settle()
        entry = last_private(s, SECRETARY)["text"]
        assert "in hand" in entry and "志愿者0" in entry and "已报修" in entry
        s.private("sec", "/concern 2")
        await s.settle()
        assert "no concern #2" in last_private(s, SECRETARY)["text"]
