"""The outbox sender: delivers what the core queued, within Telegram's flood limits.

Every outgoing call was written to the outbox in the same transaction as the state change that
caused it, so nothing is lost if the process dies: whatever was not marked sent is leased again
once its lease expires (or at once, when the sender stopped cleanly and gave its leases back).

One loop schedules, small tasks call. The loop leases the head of each chat's queue (the queue
hands out one item per chat, so per-chat order is kept by construction), asks the limiter when
each may go and starts a task for every item that may go now; the limiter is consulted and
charged synchronously in the loop, so concurrent calls can never overdraw it. A slow or limited
chat therefore never blocks the others.

At-least-once, not exactly-once: a crash (or a call that outlives its lease) between the API call
and `queue.sent` sends that one message again after the restart. Telegram offers no idempotency
key, and a rare duplicate beats a lost call for help.

Urgent items (an emergency's "call 120 now") come first twice: the queue makes one the head of
its chat, and here they take the global budget before the others. A leased item waits here only
for short limits (a chat's second, the global second); for a group's minute it is handed back,
due when allowed, so an urgent item queued meanwhile is that chat's next message.

The limiter lives in memory, primed at each start with the outbox's record of the last minute's
sends, so a restarted process (or one started beside another worker) keeps to the windows
already opened. Workers running side by side do not see each other's sends as they happen: a chat
may then get a message sooner than the limits intend, and Telegram's 429 holds that chat, as any
429 does. Items given back unsent (a group's minute, a stop) go with `queue.release`, which counts no
attempt.
"""

from __future__ import annotations

import asyncio
import heapq
import logging
import random
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.config import OutboxSection
from bot.delivery import BotApi, Rejected, RetryAfter, Unreachable
from bot.ratelimit import RateLimiter
from bot.texts.fmt import plain_text
from handlers.chat import Action, Edit, Send
from storage.queue import OutboxQueue, PendingAction

log = logging.getLogger(__name__)

# Telegram refuses to answer a callback query after about 10-15 s ("query is too old"); the age
# is counted from when the core queued the answer (its created_at), across restarts.
ANSWER_MAX_AGE = 10.0
BACKOFF_BASE = 1.0
BACKOFF_CAP = 60.0
# While Telegram is unreachable, start nothing new for a moment instead of failing every chat.
OUTAGE_PAUSE_CAP = 5.0
# A leased item waits here for the limiter at most this long (a chat's spacing, the global second);
# a longer wait (a group's minute) hands it back to the queue, due when the limit allows, so the
# chat holds no lease meanwhile and an urgent item queued for it in the meantime goes first.
HOLD_SECONDS = 2.0
# Datetimes (the queue's not_before) and the monotonic clock may disagree by a hair; lease a bit
# after a retry time we set ourselves so the item is really due.
_DUE_SLACK = 0.01


def _utc_now() -> datetime:
    return datetime.now(UTC)


def backoff(attempts: int, jitter: float) -> float:
    """Seconds before retry number `attempts + 1`: 1, 2, 4 … capped at 60, each drawn from the
    upper half of that ceiling (`jitter` in [0, 1]) so that chats failing together do not all
    come back in the same instant."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2.0 ** min(max(attempts, 0), 16))
    return ceiling / 2 + ceiling / 2 * min(max(jitter, 0.0), 1.0)


def describe(action: Action) -> tuple[str, int | None, str | None]:
    """(Bot API method, chat, ref) for logs: never the text, never the token."""
    if isinstance(action, Send):
        return "sendMessage", action.chat_id, action.ref
    if isinstance(action, Edit):
        return "editMessageText", action.chat_id, action.ref
    return "answerCallbackQuery", None, None


@dataclass(slots=True)
class _Leased:
    item: PendingAction
    chat_id: int | None
    lease_ends: float  # monotonic


class OutboxSender:
    """Drains an `OutboxQueue` into a `BotApi`. `run()` until `stop()`; `wake()` after commits."""

    def __init__(
        self,
        queue: OutboxQueue,
        api: BotApi,
        limits: OutboxSection,
        *,
        clock: Callable[[], datetime] = _utc_now,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        lease_seconds: float = 30,
        jitter: Callable[[], float] = random.random,
        limiter: RateLimiter | None = None,
        stop_grace: float = 10.0,
    ) -> None:
        self.queue = queue
        self.api = api
        self.limits = limits
        self.limiter = limiter or RateLimiter.from_config(limits)
        self._clock = clock
        self._monotonic = monotonic
        self._sleep = sleep
        self._jitter = jitter
        self._lease_seconds = lease_seconds
        # An item must start its call this long before its lease ends, so the call and
        # `queue.sent` finish while no other worker can take it.
        self._lease_margin = min(5.0, lease_seconds / 3)
        self._batch = max(2 * limits.global_per_second, 10)
        self._stop_grace = stop_grace

        self._signal = asyncio.Event()  # something changed: look again now
        self._done = asyncio.Event()
        self._running = False
        self._stopping = False
        self._waiting: dict[int, _Leased] = {}  # leased, waiting for the limiter
        self._calls: dict[int, asyncio.Task[None]] = {}  # started, not yet recorded
        self._poll_due = 0.0  # monotonic: lease again at or after this ...
        self._retry_dues: list[float] = []  # ... or when an item we put off becomes due (a heap)
        self._paused_until = 0.0
        self._outages = 0  # consecutive Unreachable, for the global pause
        self._stopped_at: datetime | None = None  # (clock) when our last run ended

    # --- public -----------------------------------------------------------------------------

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
        # run() is already draining; only watch.
        while await self.queue.pending_count() > 0:
            left = deadline - self._monotonic()
            if left <= 0:
                return False
            await self._sleep(min(left, 0.05))
        return True

    # --- the scheduling loop ----------------------------------------------------------------

    async def _loop(self, deadline: float | None) -> bool:
        if self._running:
            raise RuntimeError("the outbox sender is already running")
        self._running = True
        self._done.clear()
        try:
            await self._prime()
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
                next_start = self._start_ready(now)
                if deadline is not None and not self._waiting and not self._calls and await self._empty():
                    return True
                wake_in = self._lease_due() - now
                if next_start is not None:
                    wake_in = min(wake_in, next_start)
                if deadline is not None:
                    wake_in = min(wake_in, deadline - now)
                await self._nap(wake_in)
            return False
        finally:
            await self._wind_down()
            self._running = self._stopping = False
            self._done.set()

    async def _prime(self) -> None:
        """Teach the limiter what was sent lately by anyone (a previous process, another
        worker), so that starting does not break a window already opened."""
        wall, mono = self._clock(), self._monotonic()
        since = wall - timedelta(seconds=self.limiter.horizon)
        if self._stopped_at is not None:
            # Our own earlier sends are in the limiter already: do not count them twice.
            since = max(since, self._stopped_at + timedelta(microseconds=1))
        try:
            sends = await self.queue.recent_sends(since)
        except Exception:
            log.exception("could not read the recent sends; starting with an empty rate limiter")
            return
        # Recorded when the call returned, i.e. a little after Telegram counted it: conservative.
        self.limiter.prime((chat_id, mono - max((wall - at).total_seconds(), 0.0)) for chat_id, at in sends)
        if sends:
            log.info("rate limiter primed with %d sends of the last %.0fs", len(sends), self.limiter.horizon)

    def _lease_due(self) -> float:
        return min(self._poll_due, self._retry_dues[0]) if self._retry_dues else self._poll_due

    async def _lease(self, now: float) -> None:
        # Set before awaiting: a completion during the lease asks for another one.
        self._poll_due = now + self.limits.poll_seconds
        while self._retry_dues and self._retry_dues[0] <= now:
            heapq.heappop(self._retry_dues)
        room = self._batch - len(self._waiting) - len(self._calls)
        if room <= 0:
            return  # a completion will ask again
        try:
            batch = await self.queue.lease(self._clock(), room, self._lease_seconds)
        except Exception:
            log.exception("could not lease from the outbox; trying again in %.1fs", self.limits.poll_seconds)
            return
        ends = now + self._lease_seconds  # from before the query: never later than the real lease
        for item in batch:
            if item.id in self._calls:
                continue  # our lease ran out while the call was slow; it is still ours
            self._waiting[item.id] = _Leased(item, describe(item.action)[1], ends)

    def _start_ready(self, now: float) -> float | None:
        """Start every waiting item the limits allow now (urgent ones first, then oldest first);
        return the seconds until the next one may start, or None when none is waiting."""
        if now < self._paused_until:
            return self._paused_until - now if self._waiting else None
        soonest: float | None = None
        wall = self._clock()
        for entry in sorted(self._waiting.values(), key=lambda e: (not e.item.urgent, e.item.id)):
            if entry.chat_id is None and self._age(entry.item, wall) > ANSWER_MAX_AGE:
                self._spawn(entry, self._give_up(entry, "callback query too old to answer"))
                continue
            wait = self.limiter.delay(entry.chat_id, now)
            if wait <= 0:
                self.limiter.record(entry.chat_id, now)
                self._spawn(entry, self._deliver(entry))
            elif wait > HOLD_SECONDS or now + wait > entry.lease_ends - self._lease_margin:
                # Do not sit on the chat's lease for a group's minute (nor outlive the lease and
                # let another worker take the item): hand it back untried, due when allowed.
                self._spawn(entry, self._release(entry, wait))
            else:
                soonest = wait if soonest is None else min(soonest, wait)
        return soonest

    def _spawn(self, entry: _Leased, work: Coroutine[Any, Any, None]) -> None:
        item_id = entry.item.id
        del self._waiting[item_id]
        task = asyncio.create_task(self._guarded(item_id, work), name=f"outbox-{item_id}")
        self._calls[item_id] = task

        def finished(_: asyncio.Task[None]) -> None:
            self._calls.pop(item_id, None)
            self._poll_due = 0.0  # the chat's next item may now be leased
            self._signal.set()

        task.add_done_callback(finished)

    @staticmethod
    async def _guarded(item_id: int, work: Coroutine[Any, Any, None]) -> None:
        try:
            await work
        except Exception:
            # Mostly the database failing under us: the lease expires and the item comes back.
            log.exception("could not record the outcome of outbox #%d; it will be retried", item_id)

    async def _nap(self, seconds: float) -> None:
        if seconds <= 0 or self._signal.is_set():
            return
        sleeper = asyncio.ensure_future(self._sleep(seconds))
        waiter = asyncio.ensure_future(self._signal.wait())
        try:
            await asyncio.wait({sleeper, waiter}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeper.cancel()
            waiter.cancel()

    async def _empty(self) -> bool:
        try:
            return await self.queue.pending_count() == 0
        except Exception:
            log.exception("could not count the pending outbox")
            return False

    async def _wind_down(self) -> None:
        calls = set(self._calls.values())
        if calls:
            everything: asyncio.Future[Any] = asyncio.gather(*calls, return_exceptions=True)
            grace: asyncio.Future[Any] = asyncio.ensure_future(self._sleep(self._stop_grace))
            try:
                await asyncio.wait({everything, grace}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                grace.cancel()
                late = [task for task in calls if not task.done()]
                for task in late:
                    task.cancel()
                if late:
                    # Those calls may have reached Telegram: they will be sent again (at-least-once).
                    log.warning("cancelled %d outbox calls still running at stop", len(late))
        # Give back what we leased but never started, so a new sender need not wait out the lease.
        waiting, self._waiting = list(self._waiting.values()), {}
        for entry in waiting:
            try:
                await self.queue.release(entry.item, None)
            except Exception:
                log.exception("could not release outbox #%d; its lease will expire", entry.item.id)
        self._stopped_at = self._clock()

    # --- one item ---------------------------------------------------------------------------

    async def _deliver(self, entry: _Leased) -> None:
        item = entry.item
        method, chat_id, ref = describe(item.action)
        try:
            message_id = await self._call(item.action)
        except RetryAfter as exc:
            self._outages = 0
            if chat_id is not None:
                self.limiter.hold(chat_id, self._monotonic() + exc.seconds)
            log.info("%s to chat %s got 429: retry after %.0fs (outbox #%d)", method, chat_id, exc.seconds, item.id)
            await self._retry(entry, exc.seconds, str(exc))
        except Unreachable as exc:
            self._outages += 1
            pause = min(OUTAGE_PAUSE_CAP, backoff(self._outages - 1, self._jitter()))
            self._paused_until = max(self._paused_until, self._monotonic() + pause)
            delay = backoff(item.attempts, self._jitter())
            log.warning(
                "%s to chat %s: Telegram unreachable (%s); retry in %.1fs (outbox #%d)",
                method, chat_id, exc, delay, item.id,
            )  # fmt: skip
            await self._retry(entry, delay, f"unreachable: {exc}")
        except Rejected as exc:
            self._outages = 0
            log.warning("%s to chat %s (ref %s) rejected: %s (outbox #%d)", method, chat_id, ref, exc, item.id)
            await self._give_up(entry, f"rejected: {exc}")
        except Exception as exc:
            # A bug in a transport or a malformed action: keep the loop alive, try later.
            log.exception("%s to chat %s failed unexpectedly (outbox #%d)", method, chat_id, item.id)
            await self._retry(entry, backoff(item.attempts, self._jitter()), f"error: {exc!r}")
        else:
            self._outages = 0
            log.info("sent %s to chat %s (ref %s, outbox #%d)", method, chat_id, ref, item.id)
            await self.queue.sent(item, message_id, self._clock())

    async def _call(self, action: Action) -> int | None:
        chat_id = describe(action)[1]
        try:
            return await self._api_call(action)
        finally:
            if chat_id is not None:
                self.limiter.finished(chat_id, self._monotonic())

    async def _api_call(self, action: Action) -> int | None:
        if isinstance(action, Send):
            return await self.api.send_message(action.chat_id, action.text, action.keyboard, action.reply_to_message_id)
        if isinstance(action, Edit):
            message_id = await self.queue.message_of(action.ref)
            if message_id is None:  # the queue leases an edit only after its send: not expected
                raise Rejected(f"no message sent under ref {action.ref}")
            await self.api.edit_message(action.chat_id, message_id, action.text, action.keyboard)
            return message_id
        # A pop-up is shown as plain text: "A&amp;B" would reach the user literally.
        await self.api.answer_button(action.callback_id, plain_text(action.text), action.alert)
        return None

    async def _retry(self, entry: _Leased, delay: float, error: str) -> None:
        if entry.chat_id is None and self._age(entry.item, self._clock()) + delay > ANSWER_MAX_AGE:
            await self._give_up(entry, f"callback query too old to answer after: {error}")
            return
        await self.queue.retry_at(entry.item, self._clock() + timedelta(seconds=delay), error)
        self._come_back(delay)

    async def _release(self, entry: _Leased, delay: float) -> None:
        await self.queue.release(entry.item, self._clock() + timedelta(seconds=delay))
        log.debug("outbox #%d deferred %.1fs for the flood limits", entry.item.id, delay)
        self._come_back(delay)

    def _come_back(self, delay: float) -> None:
        # Come back for it ourselves rather than at the next poll.
        heapq.heappush(self._retry_dues, self._monotonic() + delay + _DUE_SLACK)
        self._signal.set()

    async def _give_up(self, entry: _Leased, error: str) -> None:
        await self.queue.failed(entry.item, error, self._clock())
        log.info("gave up on outbox #%d: %s", entry.item.id, error)

    @staticmethod
    def _age(item: PendingAction, wall: datetime) -> float:
        """Seconds since the core queued `item`."""
        return (wall - item.created_at).total_seconds()


__all__ = ["ANSWER_MAX_AGE", "HOLD_SECONDS", "OutboxSender", "backoff", "describe"]
