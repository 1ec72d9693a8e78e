"""The demo's desk scene: a concern raised by three neighbours, merged, tabled and fixed (the
group told), played by bot/demo_script.py after the afternoon. Only the people are scripted."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.demo import Afternoon, Json

LIFT = (
    ("zhang", "198号楼的电梯又坏了,老人上下楼太不方便了"),
    ("liu", "198栋电梯又坏啦,什么时候修啊"),
    ("he", "电梯坏了好几天了,198号楼的老人爬楼梯太辛苦"),
)


def _press(s: Afternoon, who: str, message: Json, data: str) -> None:
    label = next((b["text"] for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row
                  if b.get("callback_data") == data), data)
    s.out(f"{s.stamp()} {s.names[message['chat']['id']]} | {s.people[who]['first_name']} presses [{label}]")
    s.api.press(message["chat"], s.people[who], message["message_id"], data)


def _concern_number(messages: list[Json]) -> str | None:
    """The concern id in the bot's latest acknowledgement ("已并入民情 #3", "Added to concern #3")."""
    for message in reversed(messages):
        text = message.get("text", "")
        found = re.search(r"#(\d+)", text)
        if message["from"]["is_bot"] and found and ("民情" in text or "concern" in text):
            return found.group(1)
    return None


def _fixed_button(messages: list[Json]) -> tuple[Json, str] | None:
    """The latest concern entry and its "fixed" button's data (`dk:s:<id>:f:<token>`)."""
    for message in reversed(messages):
        for row in message.get("reply_markup", {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data", "")
                if data.startswith("dk:s:") and data.split(":")[3] == "f":
                    return message, data
    return None


async def desk(s: Afternoon) -> None:
    group, secretary = next(iter(s.chats)), int(s.people["secretary"]["id"])
    s.section("民情: three neighbours raise the lift; merged, tabled at the meeting, fixed")
    for who, text in LIFT:
        s.say(who, text)
        await s.settle()
    number = await s.api.wait_for(lambda: _concern_number(s.api.messages_in(group)), timeout=30)
    # chat=0: the secretary's private chat with the bot (demo_script.PRIVATE)
    s.say("secretary", "/concerns", chat=0)
    await s.settle()
    s.say("secretary", "/agenda", chat=0)
    await s.settle()
    s.say("secretary", f"/concern {number} outcome 物业已更换电梯主板,今天起恢复运行", chat=0)  # answers with the entry
    await s.settle()
    entry, fixed = await s.api.wait_for(lambda: _fixed_button(s.api.messages_in(secretary)), timeout=30)
    _press(s, "secretary", entry, fixed)
    await s.settle()
