"""The inbox worker: stored updates go to the core one at a time per chat, in the order they came.

`store` is what the transport calls with each batch (bot/transports/polling.py confirms the
batch to Telegram only once it returns); the updates it stored are handed over from memory, so
the hot path is one transaction to store and one to handle. The inbox is swept at start (what a
crash or a stop left pending) and every `sweep_seconds` (what another process stored).

A database that is locked or down delays an update, never drops it: it is tried again, however
long that takes. Any other failure is counted; after MAX_ATTEMPTS the update is given up (the
core answers a press, so every press is answered) and its chat moves on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Protocol

from bot.transports.polling import pause_after
from handlers.chat import ChatEvent, Received, Unreadable
from handlers.ports import Clock
from storage.queue import InboxQueue, Stored

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Chats handled at once: their transactions overlap on PostgreSQL; SQLite takes them in turn.
CONCURRENT_CHATS = 8

Handle = Callable[[ChatEvent], Awaitable[object]]


class Settle(Protocol):
    """handlers.core.Core: which updates need nothing but being marked handled."""

    def settles(self, event: ChatEvent) -> bool: ...

    def settled(self, event: ChatEvent) -> None: ...


class InboxWorker:
    def __init__(
        self, inbox: InboxQueue, handle: Handle, give_up: Handle, clock: Clock, *, sweep_seconds: float = 5.0,
        settle: Settle | None = None,
    ) -> None:
        self.inbox = inbox
        self._settle = settle
        self._handle = handle
        self._give_up = give_up
        self._clock = clock
        self._sweep_seconds = sweep_seconds
        self._queue: dict[int, Stored] = {}  # update id → pending row, handed over or swept
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._chats = asyncio.Semaphore(CONCURRENT_CHATS)
        self._failures = 0

    async def store(self, received: Sequence[Received]) -> None:
        """The transport's sink: raises when the batch is not stored (the poller then retries).
        What needs nothing but its handled mark (talk, mostly) is stored handled, in the same
        transaction: it was never pending, so no crash can lose it or hand it over twice."""
        settle = self._settle
        settled = [] if settle is None else [
            item for item in received if not isinstance(item, Unreadable) and settle.settles(item)
        ]  # fmt: skip
        for item in await self.inbox.store(received, self._clock.now(), {item.update_id for item in settled}):
            self._queue.setdefault(item.update_id, item)
        if settle is not None:
            for event in settled:
                settle.settled(event)
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        next_sweep = loop.time()
        while not self._stopping.is_set():
            if loop.time() >= next_sweep and await self._sweep():
                next_sweep = loop.time() + self._sweep_seconds
            if self._queue and await self._round():
                continue
            wait = pause_after(self._failures) if self._failures else max(0.0, next_sweep - loop.time())
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)

    async def _sweep(self) -> bool:
        try:
            for item in await self.inbox.pending():
                self._queue.setdefault(item.update_id, item)
        except Exception as exc:
            self._failed("looking for stored updates failed", exc)
            return False
        return True

    async def _round(self) -> bool:
        """Each chat's pending updates in order; True when all went through."""
        chats: dict[int, list[Stored]] = defaultdict(list)
        for update_id in sorted(self._queue):
            item = self._queue[update_id]
            chats[item.event.chat_id].append(item)
        results = await asyncio.gather(*(self._chat(items) for items in chats.values()))
        if all(results):
            self._failures = 0
        return all(results)

    async def _chat(self, items: list[Stored]) -> bool:
        async with self._chats:
            for item in items:
                if self._stopping.is_set() or not await self._one(item):
                    return False  # the chat's later updates wait for this one
        return True

    async def _one(self, item: Stored) -> bool:
        try:
            await self._handle(item.event)
        except Exception as exc:
            if self.inbox.transient(exc):
                self._failed(f"update {item.update_id} waits for the database", exc)
                return False
            return await self._count_failure(item, exc)
        self._queue.pop(item.update_id, None)
        return True

    async def _count_failure(self, item: Stored, exc: Exception) -> bool:
        attempts = item.attempts + 1
        give_up = attempts >= MAX_ATTEMPTS
        log.error("handling update %d failed (attempt %d of %d)", item.update_id, attempts, MAX_ATTEMPTS,
                  exc_info=exc)
        try:
            await self.inbox.failed(item.update_id, f"{type(exc).__name__}: {exc}", give_up=give_up)
            if give_up:
                await self._give_up(item.event)
        except Exception as again:
            self._failed(f"recording the failure of update {item.update_id} failed", again)
            return False
        if give_up:
            log.error("gave up on update %d after %d attempts", item.update_id, attempts)
            self._queue.pop(item.update_id, None)
            return True
        self._queue[item.update_id] = replace(item, attempts=attempts)
        self._failures += 1
        return False

    def _failed(self, what: str, exc: BaseException) -> None:
        self._failures += 1
        log.warning("%s (%d in a row): %s: %s", what, self._failures, type(exc).__name__, exc)
