"""The real bot (either framework) against the fake Bot API, on a SQLite file: for e2e tests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.bootstrap import App, build, running
from bot.clock import ShiftedClock
from bot.config import parse_config
from bot.demo import afternoon
from bot.fakeapi import FakeBotApi
from handlers.domain import Event, Request
from handlers.ports import Reader
from handlers.understanding import read_message

GROUP = -1001001
OTHER_GROUP = -1001002
UNCONFIGURED = -1009999
SECRETARY = 9001

Json = dict[str, Any]


def e2e_config(api_base: str, db_url: str, framework: str, **ladder: object) -> dict[str, Any]:
    return {
        "bot": {"locale": "en", "timezone": "Asia/Shanghai", "emergency_number": "120"},
        "telegram": {"framework": framework, "api_base": api_base, "poll_timeout": 1},
        "database": {"url": db_url},
        "outbox": {"poll_seconds": 0.2},
        "ladder": {
            "compound_after": "10m", "community_after": "30m", "secretaries_after": "1h",
            "follow_up_after": "2h", "overdue_after": "6h", "expire_after": "24h", **ladder,
        },
        "jobs": {"sweep_seconds": 0.2},
        "communities": [
            {
                "name": "深田社区",
                "secretaries": [SECRETARY],
                "compounds": [
                    {"name": "图强小区", "buildings": ["196", "197", "198"], "chats": [GROUP]},
                    {"name": "东园小区", "buildings": ["1", "2"], "chats": [OTHER_GROUP]},
                ],
            }
        ],
    }


@dataclass
class Scene:
    api: FakeBotApi
    app: App
    group: Json
    users: dict[str, Json] = field(default_factory=dict)

    def user(self, key: str, user_id: int, name: str) -> Json:
        self.users[key] = self.api.user(user_id, name)
        return self.users[key]

    def post(self, who: str, text: str, reply_to: int | None = None, chat: Json | None = None) -> Json:
        message: Json = self.api.post(chat or self.group, self.users[who], text, reply_to=reply_to)
        return message

    def private(self, who: str, text: str) -> Json:
        user = self.users[who]
        message: Json = self.api.post(self.api.private(user), user, text)
        return message

    async def card(self, posted: Json, timeout: float = 10) -> Json:
        """The bot's card replying to `posted`, once it has arrived."""

        def find() -> Json | None:
            for message in self.api.messages_in(posted["chat"]["id"]):
                replied = message.get("reply_to_message") or {}
                if replied.get("message_id") == posted["message_id"] and message.get("reply_markup"):
                    return message
            return None

        card: Json = await self.api.wait_for(find, timeout=timeout)
        return card

    def current(self, message: Json) -> Json:
        """A bot message as it stands now, after any edits."""
        chat = message["chat"]["id"]
        found: Json = next(m for m in self.api.messages_in(chat) if m["message_id"] == message["message_id"])
        return found

    def buttons(self, message: Json) -> list[str]:
        markup = message.get("reply_markup") or {}
        return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]

    async def settle(self, timeout: float = 30) -> None:
        """Until every update is handled and every queued message delivered."""
        await settle(self.api, self.app, timeout)

    async def requests(self) -> list[Request]:
        async with self.app.core.uow_factory() as uow:
            return await uow.requests.posted_since(None)

    async def events(self, request_id: int) -> list[Event]:
        async with self.app.core.uow_factory() as uow:
            return await uow.events.for_request(request_id)

    def answers(self) -> list[str]:
        return [str(c.params.get("text", "")) for c in self.api.sent("answerCallbackQuery")]


async def pending(app: App) -> int:
    """Updates stored and not yet handled, and messages queued and not yet sent."""
    return await app.inbox.inbox.pending_count() + await app.sender.queue.pending_count()


async def settle(api: FakeBotApi, app: App, timeout: float = 30) -> None:
    """Until every update the fake handed out is stored (the bot confirmed it: a getUpdates
    offset past it, or the webhook's 2xx) and handled, every queued message is sent, and the bot
    made no call for a moment. In that order: a long poll that picked up an update just before
    a look at the inbox cannot make it look idle."""
    deadline = time.monotonic() + timeout
    while True:
        await api.wait_idle(quiet=0.2, timeout=max(0.1, deadline - time.monotonic()))
        if api.unconfirmed == 0 and await pending(app) == 0:
            return
        if time.monotonic() >= deadline:
            raise TimeoutError(f"not settled in {timeout}s: {api.unconfirmed} updates unconfirmed, "
                               f"{await pending(app)} stored or queued and not done")  # fmt: skip
        await asyncio.sleep(0.05)


@asynccontextmanager
async def bot_running(
    api: FakeBotApi, framework: str, db: Path, *, read: Reader = read_message, suggestion_timeout: str = "5m",
    ops: dict[str, object] | None = None, **ladder: str,
) -> AsyncIterator[App]:
    """`ops`: the [ops] table (e.g. {"listen": "127.0.0.1:0"} for the health and metrics listener)."""
    raw = e2e_config(api.base_url, f"sqlite+aiosqlite:///{db}", framework, **ladder)
    raw["bot"]["suggestion_timeout"] = suggestion_timeout
    raw["ops"] = ops or {}
    config = parse_config(raw)
    # Daytime, whenever the suite runs: at night volunteers' quiet hours would (rightly) keep them uncalled.
    app = await build(config, api.token, clock=ShiftedClock(afternoon(config.bot.timezone)), read=read)
    async with running(app):
        yield app


@asynccontextmanager
async def scene(
    framework: str, db: Path, *, read: Reader = read_message, suggestion_timeout: str = "5m",
    ops: dict[str, object] | None = None, **ladder: str,
) -> AsyncIterator[Scene]:
    async with AsyncExitStack() as stack:
        api = await stack.enter_async_context(FakeBotApi())
        app = await stack.enter_async_context(
            bot_running(api, framework, db, read=read, suggestion_timeout=suggestion_timeout, ops=ops, **ladder)
        )
        s = Scene(api, app, api.group(GROUP, "图强小区邻里群"))
        yield s
