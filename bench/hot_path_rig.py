"""The rig of bench/bench_hot_path.py: the bot's inbound half built by `bot.bootstrap.build`, with a
transport that receives nothing, a meter of the engine's statements and transactions, and a way to
wait for one injected update to be handled."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from sqlalchemy import event

from bot.bootstrap import App
from bot.delivery import BotIdentity
from bot.inbox_worker import InboxWorker
from handlers.chat import ButtonPress, ChatEvent, ChatMessage, Outcome, Sender


class NoTransport:
    """Receives nothing: the bench injects updates; `api` is never called (no sender runs)."""

    api: Any = None

    async def identify(self) -> BotIdentity:
        return BotIdentity(1, "jinlin_bot", False)

    async def set_commands(self, commands: Any, language: str | None) -> None:
        return None

    async def start(self, store: Any) -> None:
        return None

    async def stop(self) -> None:
        return None


def bench_config(url: str, chats: int) -> dict[str, Any]:
    compounds = [
        {"name": f"小区{i}", "buildings": [f"{i}01", f"{i}02"], "chats": [-1001000 - i]} for i in range(1, chats + 1)
    ]
    return {
        "bot": {"locale": "zh", "timezone": "Asia/Shanghai"},
        "telegram": {"framework": "aiogram", "api_base": "http://127.0.0.1:9"},
        "database": {"url": url},
        "communities": [{"name": "深田社区", "secretaries": [1001], "compounds": compounds}],
    }


@dataclass
class Meter:
    """Counts what the engine executes."""

    statements: int = 0
    transactions: int = 0
    log: list[str] | None = None  # the statements' texts, while --show records them

    def attach(self, app: App) -> None:
        sync = app.engine.sync_engine

        @event.listens_for(sync, "before_cursor_execute")
        def _statement(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
            if not statement.startswith("BEGIN"):
                self.statements += 1
                if self.log is not None:
                    # Whether SQLAlchemy compiled the statement anew ("generated in") or reused it.
                    stats = context._get_cache_stats() if context is not None else ""
                    cache = next((w for w in ("cached", "generated") if stats.startswith(w)), "not cached")
                    self.log.append(f"[{cache}] " + " ".join(statement.split())[:140])

        @event.listens_for(sync, "begin")
        def _begin(conn: Any) -> None:
            self.transactions += 1


@dataclass
class Sample:
    statements: list[int] = field(default_factory=list)
    transactions: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)


class Rig:
    """The bot's inbound half, with a way to wait for one update to be handled."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.meter = Meter()
        self.meter.attach(app)
        self._waiting: dict[int, asyncio.Future[Outcome]] = {}
        self.worker = InboxWorker(app.inbox.inbox, self._handle, self._give_up, app.core.ctx.clock,
                                  sweep_seconds=3600, settle=self)
        self.ids = count(1)
        self.messages = count(1)

    async def _handle(self, ev: ChatEvent) -> Outcome:
        outcome = await self.app.core.handle(ev)
        future = self._waiting.pop(ev.update_id, None)
        if future is not None and not future.done():
            future.set_result(outcome)
        return outcome

    def settles(self, ev: ChatEvent) -> bool:
        return self.app.core.settles(ev)

    def settled(self, ev: ChatEvent) -> None:
        """Stored as handled (talk): done once the store returns."""
        self.app.core.settled(ev)
        future = self._waiting.pop(ev.update_id, None)
        if future is not None and not future.done():
            future.set_result(Outcome("chat"))

    async def _give_up(self, ev: ChatEvent) -> None:
        await self.app.core.abandon(ev)
        future = self._waiting.pop(ev.update_id, None)
        if future is not None and not future.done():
            future.set_exception(RuntimeError(f"update {ev.update_id} failed; see the log"))

    async def send(self, make: Callable[[int], ChatEvent]) -> Outcome:
        ev = make(next(self.ids))
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._waiting[ev.update_id] = future
        await self.worker.store([ev])
        return await future

    def message(self, chat: int, user: int, text: str, *, private: bool = False,
                reply_to: tuple[int, str, int] | None = None) -> Callable[[int], ChatEvent]:
        message_id = next(self.messages)
        now = self.app.core.ctx.clock.now()

        def make(update_id: int) -> ChatEvent:
            reply_id, reply_text, reply_user = reply_to or (None, None, None)
            return ChatMessage(update_id, chat, private, message_id, Sender(user, f"用户{user}"), text, now,
                               reply_to_message_id=reply_id, reply_to_text=reply_text, reply_to_user_id=reply_user)
        return make

    def press(self, chat: int, user: int, data: str) -> Callable[[int], ChatEvent]:
        now = self.app.core.ctx.clock.now()
        return lambda update_id: ButtonPress(update_id, f"cb{update_id}", chat, next(self.messages),
                                             Sender(user, f"用户{user}"), data, now)
