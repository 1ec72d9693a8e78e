"""The outbox sender: delivers what the core queued, within Telegram's flood limits.

Every outgoing call was written to the outbox in the same transaction as the state change that
caused it, so nothing is lost if the process dies: whatever was not marked sent is leased again
once its lease expires (or at once, when the sender stopped cleanly and gave its leases back).

One loop schedules, small tasks call. The loop leases the head of each chat's queue, asks the
limiter when each may go, starts a task for every item that may go now and sleeps until the next
slot opens (or a call returns); the limiter is consulted and charged synchronously in the loop,
so concurrent calls never overdraw it, and a slow or limited chat never blocks the others. What
the tasks sent is marked by the next lease, in the same transaction: one round trip per batch,
not two per message. Which items go and in what order (a chat's items one at a time, urgent
first, several of a chat a lease under lifted limits) is bot/sender_plan.py.

Every call starts only once its attempt marker is committed, and the marker rides in a lease too:
the limiter is asked inside the lease's transaction which items go now (new heads and ones waiting
since earlier leases alike), and those are marked started before it commits; a waiting item whose
slot opens later is started by a lease at that moment. So a sender killed mid-call leaves a trace,
and the next one settles that call by the rule of bot/delivery_settle.py, never posting it twice.
Each item's call and what its result means are in bot/delivering.py.
"""

from __future__ import annotations

import asyncio
import heapq
import logging
import math
import random
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from datetime import datetime
from typing import Any

from bot.config import OutboxSection
from bot.delivering import Delivery, Probe
from bot.delivery import BotApi
from bot.delivery_settle import note_resend
from bot.notices import Notify
from bot.ratelimit import RateLimiter
from bot.sender_parts import (
    _DUE_SLACK,
    Leased,
    backoff,
    describe,
    finish,
    guarded,
    nap,
    nothing_pending,
    utc_now,
    watch_until_empty,
)
from bot.sender_plan import Plan, chain_length
from storage.queue import OutboxQueue, PendingAction

log = logging.getLogger(__name__)


class OutboxSender:
    """Drains an `OutboxQueue` into a `BotApi`. `run()` until `stop()`; `wake()` after commits."""

    def __init__(
        self,
        queue: OutboxQueue,
        api: BotApi,
        limits: OutboxSection,
        *,
        clock: Callable[[], datetime] = utc_now,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        lease_seconds: float = 30,
        jitter: Callable[[], float] = random.random,
        limiter: RateLimiter | None = None,
        stop_grace: float = 10.0,
        notify: Notify | None = None,
        probe: Probe | None = None,
    ) -> None:
        self.queue = queue
        self.api = api
        self.limits = limits
        self.limiter = limiter or RateLimiter.from_config(limits)
        self._clock = clock
        self._monotonic = monotonic
        self._sleep = sleep
        self._lease_seconds = lease_seconds
        # An item must start its call this long before its lease ends, so the call and
        # `queue.sent` finish while no other worker can take it.
        self._lease_margin = min(5.0, lease_seconds / 3)
        self._batch = max(2 * limits.global_per_second, 10)
        self._per_chat = chain_length(self.limiter)
        self._stop_grace = stop_grace

        self._signal = asyncio.Event()  # something changed: look again now
        self._done = asyncio.Event()
        self._running = False
        self._stopping = False
        self._waiting: dict[int, Leased] = {}  # leased, waiting for the limiter
        self._calls: dict[int, asyncio.Task[None]] = {}  # started, not yet recorded
        self._call_chats: dict[int, int | None] = {}  # ... and their chats: each waits for its own
        self._broken: set[int] = set()  # chats whose waiting items go back to the queue (a 429)
        self._poll_due = 0.0  # monotonic: lease again at or after this ...
        self._retry_dues: list[float] = []  # ... or when an item we put off becomes due (a heap)
        self._start_due = math.inf  # ... or when a waiting item may start
        self._delivery = Delivery(
            queue, api, self.limiter, clock=clock, monotonic=monotonic, jitter=jitter, come_back=self._come_back,
            max_attempts=limits.max_attempts, notify=notify, probe=probe, sleep=sleep, on_hold=self._broken.add,
        )  # fmt: skip
        self._stopped_at: datetime | None = None  # (clock) when our last run ended

    def wake(self) -> None:
        """New items were committed: lease now rather than at the next poll."""
        self._poll_due = 0.0
        self._signal.set()

    async def run(self) -> None:
        """Send until `stop()`. Never raises for a failed call or a failing database."""
        await self._loop(deadline=None)

    async def stop(self) -> None:
        """Finish the calls in flight, give back what was leased but not started, return."""
        if not self._running:
            return
        self._stopping = True
        self._signal.set()
        await self._done.wait()

    async def drain(self, timeout: float) -> bool:
        """Send everything pending, within the limits; False if some is left after `timeout`
        (seconds on the injected monotonic clock)."""
        deadline = self._monotonic() + timeout
        if not self._running:
            return await self._loop(deadline=deadline)
        return await watch_until_empty(self.queue, self._monotonic, self._sleep, deadline)  # run() drains

    async def _loop(self, deadline: float | None) -> bool:
        if self._running:
            raise RuntimeError("the outbox sender is already running")
        self._running = True
        self._done.clear()
        try:
            await self._delivery.prime(self._stopped_at)
            while not self._stopping:
                self._signal.clear()  # before looking, so a wake() while we look is not lost
                now = self._monotonic()
                if deadline is not None and now >= deadline:
                    return False
                if now >= self._lease_due():
                    await self._lease(now)
                    if self._stopping:
                        break
                    now = self._monotonic()
                if deadline is not None and not self._waiting and not self._calls and await nothing_pending(self.queue):
                    return True
                wake_in = self._lease_due() - now
                if deadline is not None:
                    wake_in = min(wake_in, deadline - now)
                await nap(self._sleep, self._signal, wake_in)
            return False
        finally:
            await self._wind_down()
            self._running = self._stopping = False
            self._done.set()

    def _lease_due(self) -> float:
        due = min(self._poll_due, self._start_due)
        return min(due, self._retry_dues[0]) if self._retry_dues else due

    async def _lease(self, now: float) -> None:
        # Only marks and starts, unless it is time to look for new heads (a poll, a wake(), a chat
        # whose last item returned, an item we put off coming due). Set before awaiting: a
        # completion during the lease asks for another one.
        heads = now >= self._poll_due or bool(self._retry_dues and self._retry_dues[0] <= now)
        self._poll_due = now + self.limits.poll_seconds if heads else self._poll_due
        self._start_due = math.inf
        while self._retry_dues and self._retry_dues[0] <= now:
            heapq.heappop(self._retry_dues)
        room = max(self._batch - len(self._waiting) - len(self._calls), 0) if heads else 0
        marks, self._delivery.marks = self._delivery.marks, []
        if room == 0 and not marks and not self._waiting:
            return  # a completion will ask again
        ends = now + self._lease_seconds  # from before the query: never later than the real lease
        admitted: list[int] = []
        plan = Plan()

        def start_now(batch: Sequence[PendingAction]) -> list[int]:
            for item in batch:
                if item.id in self._calls:
                    continue  # our lease ran out while the call was slow; it is still ours
                self._waiting[item.id] = Leased(item, describe(item.action)[1], ends)
                admitted.append(item.id)
            plan.make(self._waiting.values(), self._delivery, now, self._clock(), self._lease_margin,
                      self._call_chats.values(), self._broken)  # fmt: skip
            self._start_due = now + plan.wait
            return [entry.item.id for entry in plan.calls]

        try:
            await self.queue.lease(self._clock(), room, self._lease_seconds, marks, start_now, self._per_chat)
        except Exception:
            # Sent but not recorded: kept for the next lease, or for the wind-down, which waits for
            # the database; only if that fails too are they settled as interrupted calls. Nothing
            # starts without its marker (the limiter stays charged for them: a moment's delay).
            self._delivery.marks[:0] = marks
            self._start_due = math.inf  # the next poll tries again
            for entry in plan.calls:
                entry.started = None
            for item_id in admitted:
                self._waiting.pop(item_id, None)  # rolled back: not ours
            log.exception("could not lease from the outbox; trying again in %.1fs", self.limits.poll_seconds)
            return
        finally:
            self._broken.intersection_update(entry.chat_id for entry in self._waiting.values())
        for entry in plan.calls:
            if entry.item.interrupted is not None:
                note_resend(entry.item)
            self._spawn(entry, self._delivery.deliver(entry))
        for entry, work in plan.other:
            self._spawn(entry, work())

    def _spawn(self, entry: Leased, work: Coroutine[Any, Any, None]) -> None:
        item_id = entry.item.id
        del self._waiting[item_id]
        task = asyncio.create_task(guarded(item_id, work), name=f"outbox-{item_id}")
        self._calls[item_id] = task
        self._call_chats[item_id] = chat = entry.chat_id

        def finished(_: asyncio.Task[None]) -> None:
            self._calls.pop(item_id, None)
            self._call_chats.pop(item_id, None)
            if chat is not None and any(other.chat_id == chat for other in self._waiting.values()):
                self._start_due = 0.0  # the chat's next item is here: start it
            else:
                self._poll_due = 0.0  # the chat's next item may now be leased
            self._signal.set()

        task.add_done_callback(finished)

    async def _wind_down(self) -> None:
        await finish(set(self._calls.values()), self._sleep, self._stop_grace)
        await self._delivery.record_sent()
        # Give back what we leased but never started, so a new sender need not wait out the lease.
        waiting, self._waiting = list(self._waiting.values()), {}
        await self._delivery.give_back(waiting)
        self._stopped_at = self._clock()

    def _come_back(self, delay: float) -> None:  # for it ourselves, rather than at the next poll
        heapq.heappush(self._retry_dues, self._monotonic() + delay + _DUE_SLACK)
        self._signal.set()


__all__ = ["OutboxSender", "backoff", "describe"]
