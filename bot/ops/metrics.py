"""The Prometheus adapter: the core's `Observer`, a counting wrapper around the Bot API, and gauges
read from the database when /metrics is scraped.

Each bot has its own registry (not the library's global one), so that several bots in one process,
as in the tests, count apart.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector, generate_latest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.delivery import BotApi, Rejected, RetryAfter, Unreachable
from handlers.chat import File, Keyboard
from handlers.domain import Status
from storage.stats import Backlog, outbox_backlog, requests_by_status

T = TypeVar("T")

# Most updates take milliseconds; a SQLite writer queueing behind others takes seconds.
LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
LADDER_STEPS = ("escalated", "followed_up", "reported_overdue", "expired", "suggestion_expired", "failed")
API_METHODS = ("sendMessage", "editMessageText", "deleteMessage", "answerCallbackQuery")
API_RESULTS = ("ok", "429", "unreachable", "rejected", "error")


class Metrics:
    """Implements handlers.ports.observer.Observer."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self.started = monotonic()
        self.last_update: float | None = None  # monotonic
        r = self.registry = CollectorRegistry()
        self.updates = Counter("jinlin_updates", "Updates handled, by outcome", ["outcome"], registry=r)
        self.latency = Histogram(
            "jinlin_update_seconds", "Time to handle one update, commit included", buckets=LATENCY_BUCKETS, registry=r
        )
        self.last_update_time = Gauge("jinlin_last_update_timestamp_seconds", "When the last update was handled",
                                      registry=r)
        self.ladder = Counter("jinlin_ladder_steps", "Timer steps fired, by step", ["step"], registry=r)
        self.api_calls = Counter("jinlin_bot_api_calls", "Outbox calls to the Bot API, by method and result "
                                 "(result=\"429\": Telegram's flood limit)", ["method", "result"], registry=r)
        self.requests = Gauge("jinlin_requests", "Requests by status (read at scrape)", ["status"], registry=r)
        self.outbox_pending = Gauge("jinlin_outbox_pending", "Messages queued, not yet sent", registry=r)
        self.outbox_oldest = Gauge("jinlin_outbox_oldest_seconds", "Age of the oldest unsent message", registry=r)
        self.database_up = Gauge("jinlin_database_up", "1 if the last scrape could read the database", registry=r)
        ProcessCollector(registry=r)
        # Series that exist before their first event, so that rate() and alerts see a zero, not a gap.
        for step in LADDER_STEPS:
            self.ladder.labels(step)
        for method in API_METHODS:
            for result in API_RESULTS:
                self.api_calls.labels(method, result)

    # --- the Observer -----------------------------------------------------------------------

    def update_handled(self, outcome: str, seconds: float) -> None:
        self.updates.labels(outcome).inc()
        self.latency.observe(seconds)
        self.last_update = self._monotonic()
        self.last_update_time.set_to_current_time()

    def ladder_step(self, outcome: str) -> None:
        self.ladder.labels(outcome).inc()

    # --- reading --------------------------------------------------------------------------

    def seconds_since_update(self) -> float:
        """Since the last update, or since the start when none came yet."""
        return self._monotonic() - (self.last_update if self.last_update is not None else self.started)

    async def refresh(self, engine: AsyncEngine, now: datetime) -> Backlog:
        """Read the database's gauges; raises when it cannot."""
        backlog = await outbox_backlog(engine)
        counts = await requests_by_status(engine)
        self.database_up.set(1)
        self.outbox_pending.set(backlog.pending)
        self.outbox_oldest.set(age(backlog, now))
        for status in {*(s.value for s in Status), *counts}:
            self.requests.labels(status).set(counts.get(status, 0))
        return backlog

    def exposition(self) -> bytes:
        return generate_latest(self.registry)

    def watch(self, api: BotApi) -> BotApi:
        return CountedApi(api, self.api_calls)


def age(backlog: Backlog, now: datetime) -> float:
    return 0.0 if backlog.oldest is None else max((now - backlog.oldest).total_seconds(), 0.0)


class CountedApi:
    """A `BotApi` that counts each call by its result, for the sender."""

    def __init__(self, api: BotApi, calls: Counter) -> None:
        self.api = api
        self.calls = calls

    async def send_message(self, chat_id: int, text: str, keyboard: Keyboard, reply_to_message_id: int | None) -> int:
        return await self._counted("sendMessage", self.api.send_message(chat_id, text, keyboard, reply_to_message_id))

    async def edit_message(self, chat_id: int, message_id: int, text: str, keyboard: Keyboard) -> None:
        await self._counted("editMessageText", self.api.edit_message(chat_id, message_id, text, keyboard))

    async def send_file(self, chat_id: int, file: File, caption: str, photo: bool) -> int:
        method = "sendPhoto" if photo else "sendDocument"
        return await self._counted(method, self.api.send_file(chat_id, file, caption, photo))

    async def answer_button(self, callback_id: str, text: str | None, alert: bool) -> None:
        await self._counted("answerCallbackQuery", self.api.answer_button(callback_id, text, alert))

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        await self._counted("deleteMessage", self.api.delete_message(chat_id, message_id))

    async def _counted(self, method: str, call: Awaitable[T]) -> T:
        result = "error"
        try:
            value = await call
            result = "ok"
            return value
        except RetryAfter:
            result = "429"
            raise
        except Unreachable:
            result = "unreachable"
            raise
        except Rejected:
            result = "rejected"
            raise
        finally:
            self.calls.labels(method, result).inc()
