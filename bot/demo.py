"""`jinlin demo`: an afternoon in a compound, played offline through the real bot.

A fake Bot API server runs in this process; the real transport (aiogram, or PTB with
--framework ptb) long-polls it over HTTP, the real core handles every update, the real outbox
sender delivers the replies within Telegram's limits, and the ladder runs on short demo timers.
Nothing here takes a shortcut around the product: the script only plays the residents.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.bootstrap import App, build, running
from bot.clock import ShiftedClock
from bot.config import parse_config
from bot.demo_script import GROUP, NEIGHBOURS, SECRETARY, script
from bot.fakeapi import FakeBotApi, RecordedCall
from bot.texts.fmt import plain_text
from handlers.domain.visits import ANSWER_BUTTON
from handlers.intake.buttons import Verb, button_data

Json = dict[str, Any]


def demo_config(api_base: str, db_url: str, framework: str, locale: str) -> dict[str, Any]:
    return {
        "bot": {"locale": locale, "timezone": "Asia/Shanghai", "emergency_number": "120"},
        "telegram": {"framework": framework, "api_base": api_base, "poll_timeout": 1},
        "database": {"url": db_url},
        "outbox": {"poll_seconds": 0.2},
        "matching": {"calls_per_ring": 3},
        # Demo timers: the ladder climbs in seconds instead of hours.
        "ladder": {
            "compound_after": "3s", "community_after": "6s", "secretaries_after": "9s",
            "follow_up_after": "40s", "overdue_after": "50s", "expire_after": "60s", "urgent_factor": 1,
        },
        "jobs": {"sweep_seconds": 0.5},
        "communities": [
            {
                "name": "深田社区",
                "secretaries": [SECRETARY],
                "compounds": [
                    {"name": "图强小区", "buildings": ["196", "197", "198"], "chats": [GROUP]},
                    {"name": "东园小区", "buildings": ["1", "2", "3"], "chats": [NEIGHBOURS]},
                ],
            }
        ],
    }


def afternoon(tz: ZoneInfo) -> datetime:
    """Today at 15:00 local time."""
    return datetime.now(tz).replace(hour=15, minute=0, second=0, microsecond=0)


class Afternoon:
    """Plays the residents, prints the conversation as it happens."""

    def __init__(self, api: FakeBotApi, app: App, out: Callable[[str], None], files_dir: Path) -> None:
        self.api = api
        self.app = app
        self.out = out
        self.files_dir = files_dir
        self.saved: list[Path] = []
        self.started = time.monotonic()
        self.chats = {GROUP: api.group(GROUP, "图强小区邻里群"), NEIGHBOURS: api.group(NEIGHBOURS, "东园小区邻里群")}
        self.names = {GROUP: "图强群", NEIGHBOURS: "东园群", SECRETARY: "王书记(私聊)"}
        self.people: dict[str, Json] = {}
        self.update_ids: list[int] = []
        api.on_call = self._print_call
        api.on_update = lambda update: self.update_ids.append(int(update["update_id"]))

    def person(self, key: str, user_id: int, name: str, *, starts_bot: bool = False) -> Json:
        user = self.api.user(user_id, name)
        self.people[key] = user
        self.names[user_id] = f"{name}(私聊)"
        if starts_bot:
            self.api.post(self.api.private(user), user, "/start")
        return user

    def stamp(self) -> str:
        return f"[{time.monotonic() - self.started:5.1f}s]"

    def say(self, who: str, text: str, chat: int = GROUP, reply_to: int | None = None) -> Json:
        user = self.people[who]
        quoted = f" ↪ #{reply_to}" if reply_to else ""
        where = self.chats.get(chat) or self.api.private(user)
        self.out(f"{self.stamp()} {self.names[where['id']]} | {user['first_name']}{quoted}: {text}")
        message: Json = self.api.post(where, user, text, reply_to=reply_to)
        return message

    def press(self, who: str, message: Json, verb: Verb, request_id: int) -> None:
        self.tap(who, message, button_data(verb, request_id), verb.name)

    def tap(self, who: str, message: Json, data: str, fallback: str = "?") -> None:
        """`who` presses the button of `message` whose callback_data is `data`."""
        user = self.people[who]
        chat = message["chat"]["id"]
        label = next(
            (b["text"] for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row
             if b.get("callback_data") == data),
            fallback,
        )
        self.out(f"{self.stamp()} {self.names.get(chat, chat)} | {user['first_name']} presses [{label}]")
        self.api.press(message["chat"], user, message["message_id"], data)

    def _print_call(self, call: RecordedCall) -> None:
        if not call.ok or call.method not in ("sendMessage", "editMessageText", "answerCallbackQuery"):
            return
        params = call.params
        if call.method == "answerCallbackQuery":
            if params.get("text"):
                self.out(f"{self.stamp()}   🤖 (toast) {params['text']}")
            return
        chat = int(params["chat_id"])
        verb = "✎ edits card" if call.method == "editMessageText" else "says"
        text = str(plain_text(str(params.get("text", "")))).replace("\n", "\n" + " " * 12)
        buttons = " ".join(
            f"[{b['text']}]" for row in _keyboard(params) for b in row
        )
        keyboard = f"\n{' ' * 12}{buttons}" if buttons else ""
        self.out(f"{self.stamp()} {self.names.get(chat, chat)} | 🤖 Jinlin {verb}: {text}{keyboard}")

    async def settle(self, extra: float = 0.0) -> None:
        """Wait until every update is handled and every queued reply delivered."""
        await asyncio.sleep(extra)
        for _ in range(200):
            await self.api.wait_idle(quiet=0.3, timeout=20)
            if await self.app.sender.queue.pending_count() == 0:
                await self.api.wait_idle(quiet=0.3, timeout=20)
                if await self.app.sender.queue.pending_count() == 0:
                    return
            await asyncio.sleep(0.2)

    def card(self, posted: Json) -> tuple[Json, int]:
        """The bot's card replying to a resident's message, and its request id (from its buttons)."""
        for message in self.api.messages_in(posted["chat"]["id"]):
            replied = message.get("reply_to_message") or {}
            if replied.get("message_id") == posted["message_id"] and message.get("reply_markup"):
                data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
                return message, int(data.split(":")[1])
        raise LookupError(f"no card for message {posted['message_id']}")

    def visit_reminder(self, user_id: int) -> Json | None:
        """The newest visit reminder in `user_id`'s private chat (its buttons answer it), if any."""
        for message in reversed(self.api.messages_in(user_id)):
            rows = message.get("reply_markup", {}).get("inline_keyboard", [])
            if any(str(b.get("callback_data", "")).startswith(ANSWER_BUTTON + ":") for row in rows for b in row):
                return message
        return None

    def private_call(self, user_id: int, request_id: int) -> Json:
        for message in self.api.messages_in(user_id):
            for row in message.get("reply_markup", {}).get("inline_keyboard", []):
                if any(b.get("callback_data") == button_data(Verb.CLAIM, request_id) for b in row):
                    return message
        raise LookupError(f"no private call to {user_id} for #{request_id}")

    def save_files(self, chat_id: int) -> list[Path]:
        """Write the photos and documents the bot uploaded to `chat_id` (as the fake Bot API keeps
        them) into `files_dir`, and name them in the transcript."""
        self.files_dir.mkdir(parents=True, exist_ok=True)
        paths = []
        for n, stored in enumerate(self.api.files(chat_id), 1):
            path = self.files_dir / Path(stored.filename or f"file-{n}").name  # never a path from the wire
            path.write_bytes(stored.data)
            self.out(f"{self.stamp()}   💾 {stored.method} → {path} ({len(stored.data):,} bytes)")
            paths.append(path)
        self.saved += paths
        return paths

    def section(self, title: str) -> None:
        self.out(f"\n── {title} " + "─" * max(0, 60 - len(title)))


def _keyboard(params: Json) -> list[list[Json]]:
    markup = params.get("reply_markup") or {}
    rows: list[list[Json]] = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
    return rows


def files_dir(db: str | None, out_dir: str | None) -> Path:
    """Where the demo saves the charts and exports: `--out`, else beside `--db`, else
    ./jinlin-demo-files (the temporary database is gone when the demo ends; the files stay)."""
    if out_dir:
        return Path(out_dir)
    if db:
        return Path(db).with_name(Path(db).stem + "-files")
    return Path("jinlin-demo-files")


async def play(framework: str = "aiogram", db: str | None = None, locale: str = "zh",
               out: Callable[[str], None] = print, out_dir: str | None = None) -> int:
    with tempfile.TemporaryDirectory(prefix="jinlin-demo-") as tmp:
        db_path = Path(db) if db else Path(tmp) / "demo.db"
        async with FakeBotApi(token="7000000001:DEMO", bot_username="jinlin_demo_bot") as api:
            config = parse_config(demo_config(api.base_url, f"sqlite+aiosqlite:///{db_path}", framework, locale))
            app = await build(config, api.token, clock=ShiftedClock(afternoon(config.bot.timezone)))
            out(f"Jinlin demo · {framework} · SQLite {db_path} · fake Bot API at {api.base_url}")
            async with running(app):
                scene = Afternoon(api, app, out, files_dir(db, out_dir))
                await script(scene)
            violations = api.flood_violations(per_chat_burst=1)
            out(f"\nFlood limits: {'kept' if not violations else 'EXCEEDED: ' + '; '.join(violations)}")
            out(f"Files saved in {scene.files_dir}: " + ", ".join(p.name for p in scene.saved))
            out(f"Demo finished in {time.monotonic() - scene.started:.1f}s")
    sys.stdout.flush()
    return 0 if not violations else 1
