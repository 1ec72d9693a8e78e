"""What tests and the demo read off the fake: the bot's messages, its calls, and waiting for them."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import TypeVar

from .files import StoredFile
from .models import Json, RecordedCall
from .updates import UpdateQueue
from .world import World

T = TypeVar("T")


class Inspection:
    """Mixed into FakeBotApi."""

    calls: list[RecordedCall]
    _world: World
    _queue: UpdateQueue
    _changed: asyncio.Event
    _in_flight: int
    _last_activity: float

    def messages_in(self, chat_id: int) -> list[Json]:
        """Current state (after edits/deletes) of the bot's messages in a chat."""
        return self._world.bot_messages(chat_id)

    def sent(self, method: str | None = None, chat_id: int | None = None) -> list[RecordedCall]:
        """Successful calls other than getUpdates, optionally filtered."""
        return [
            call
            for call in self.calls
            if call.ok
            and call.method != "getUpdates"
            and (method is None or call.method == method)
            and (chat_id is None or call.params.get("chat_id") == chat_id)
        ]

    def files(self, chat_id: int | None = None, method: str | None = None) -> list[StoredFile]:
        """Every photo and document the bot uploaded, in the order sent (sendPhoto, sendDocument)."""
        stored: list[StoredFile] = list(self._world.files.values())
        return [f for f in stored if chat_id in (None, f.chat_id) and method in (None, f.method)]

    def unanswered_callback_queries(self) -> list[str]:
        return self._world.unanswered_queries()

    async def wait_for(self, predicate: Callable[[], T | None], timeout: float = 5.0) -> T:
        """Wait until predicate() is truthy (re-checked on every call); return its value."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not (value := predicate()):
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = [f"{c.method}({c.status})" for c in self.calls[-8:]]
                raise TimeoutError(f"condition not met in {timeout}s; last calls: {recent}")
            # The short cap also catches state changed by post()/press().
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.05))
        return value

    @property
    def unconfirmed(self) -> int:
        """Updates the bot has not confirmed yet (see UpdateQueue.unconfirmed)."""
        return self._queue.unconfirmed

    async def wait_idle(self, quiet: float = 0.3, timeout: float = 10) -> None:
        """Wait until every update was fetched, no request is in flight and the bot
        made no call (long polls aside) for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            idle = self._queue.undelivered == 0 and self._in_flight == 0
            if idle and now - self._last_activity >= quiet:
                return
            if now >= deadline:
                raise TimeoutError(f"bot still busy after {timeout}s")
            await asyncio.sleep(min(0.05, quiet / 2))
