"""Budgets go to what matters: twenty "我来" to a taken card cost the group one reply, and the next
request's card does not wait behind them (the real stacks, the fake Bot API enforcing its limits)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.e2e.harness import GROUP, scene

pytestmark = [pytest.mark.asyncio, pytest.mark.parametrize("framework", ["aiogram", "ptb"])]


async def test_twenty_claims_by_reply_then_a_new_request_whose_card_goes_out_first(
    framework: str, tmp_path: Path
) -> None:
    async with scene(framework, tmp_path / "bot.db") as s:
        s.api.enforce_limits = True
        s.user("zhang", 301, "张奶奶")
        s.user("chen", 201, "陈阿姨")
        quilt = s.post("zhang", "要下雨啦,198号楼谁家有人在,请帮我收下被子!")
        card = await s.card(quilt)
        s.api.press(s.group, s.users["chen"], card["message_id"], s.buttons(card)[0])
        await s.settle()
        for i in range(20):
            s.user(f"n{i}", 400 + i, f"邻居{i}")
            s.post(f"n{i}", "我来", reply_to=card["message_id"])
        await s.api.wait_idle(quiet=0.3)
        started = time.monotonic()
        fridge = s.post("zhang", "197号楼冰箱太重了,谁能来帮忙抬一下?")
        await s.card(fridge, timeout=15)
        waited = time.monotonic() - started
        await s.settle(timeout=60)

    replies = [c for c in s.api.sent("sendMessage", GROUP) if "reply_markup" not in c.params]
    taken = [c for c in replies if "陈阿姨" in str(c.params["text"])]
    assert waited < 5, f"the new card waited {waited:.1f}s"
    assert 1 <= len(taken) <= 2, [c.params["text"] for c in taken]  # folded, and the claimer is named
    assert s.api.flood_violations(per_chat_burst=3) == []
    assert [c for c in s.api.calls if c.status == 429 and not c.injected] == []
