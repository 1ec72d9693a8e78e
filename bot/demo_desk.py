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


async def desk(s: Afternoon) -> None:
    group, secretary = next(iter(s.chats)), int(s.people["secretary"]["id"])
    s.section("民情: three neighbours raise the lift; merged, tabled at the meeting, fixed")
    for who, text in LIFT:
        s.say(who, text)
        await s.settle()
    ack = next(m["text"] for m in reversed(s.api.messages_in(group)) if m["from"]["is_bot"])
    concern = re.search(r"#(\d+)", ack)
    number = concern.group(1) if concern else "1"
    # chat=0: the secretary's private chat with the bot (demo_script.PRIVATE)
    s.say("secretary", "/concerns", chat=0)
    await s.settle()
    s.say("secretary", "/agenda", chat=0)
    await s.settle()
    s.say("secretary", f"/concern {number} outcome 物业已更换电梯主板,今天起恢复运行", chat=0)  # answers with the entry
    await s.settle()
    entry = s.api.messages_in(secretary)[-1]
    fixed = next(b["callback_data"] for row in entry["reply_markup"]["inline_keyboard"] for b in row
                 if b["callback_data"].split(":")[3] == "f")
    _press(s, "secretary", entry, fixed)
    await s.settle()
