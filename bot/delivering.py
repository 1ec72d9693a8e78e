"""One leased outbox item: make its Bot API call, and record what the result means.

Sent: marked sent. 429: that chat is held for `retry_after` and the item retried then. Telegram
unreachable: everything pauses a moment and the item is retried with backoff. Rejected (400 / 403):
given up for good, kept with its error. Anything else is a bug: logged and retried later.

At-least-once, not exactly-once: a crash (or a call that outlives its lease) between the API call
and `queue.sent` sends that one message again after the restart. Telegram offers no idempotency
key, and a rare duplicate beats a lost call for help.

The limiter lives in memory, primed at each start with the outbox's record of the last minute's
sends, so a restarted process (or one started beside another worker) keeps to the windows
already opened. Workers running side by side do not see each other's sends as they happen: a chat
may then get a message sooner than the limits intend, and Telegram's 429 holds that chat, as any
429 does. Items given back unsent (a group's minute, a stop) go with `queue.release`, which counts no
attempt.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.delivery import BotApi, Rejected, RetryAfter, Unreachable
from bot.ratelimit import RateLimiter
from bot.texts.fmt import plain_text
from handlers.chat import Action, AnswerButton, Delete, Edit, Send, SendFile
from storage.queue import OutboxQueue, PendingAction

log = logging.getLogger("bot.sender")

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


def utc_now() -> datetime:
    return datetime.now(UTC)


def backoff(attempts: int, jitter: float) -> float:
    """Seconds before retry number `attempts + 1`: 1, 2, 4 … capped at 60, each drawn from the
    upper half of that ceiling (`jitter` in [0, 1]) so that chats failing together do not all
    come back in the same instant."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2.0 ** min(max(attempts, 0), 16))
    return ceiling / 2 + ceiling / 2 * min(max(jitter, 0.0), 1.0)


def describe(action: Action) -> tuple[str, int | None, str | None]:
    """(Bot API method, chat, ref) for logs: never the text, never the token."""
    if isinstance(action, AnswerButton):
        return "answerCallbackQuery", None, None
    if isinstance(action, SendFile):
        return ("sendPhoto" if action.photo else "sendDocument"), action.chat_id, action.ref
    method = {Send: "sendMessage", Edit: "editMessageText", Delete: "deleteMessage"}[type(action)]
    return method, action.chat_id, action.ref


@dataclass(slots=True)
class Leased:
    item: PendingAction
    chat_id: int | None
    lease_ends: float  # monotonic


class Delivery:
    """Calls for one item at a time; the sender's loop decides when (bot/sender.py)."""

    def __init__(
        self,
        queue: OutboxQueue,
        api: BotApi,
        limiter: RateLimiter,
        *,
        clock: Callable[[], datetime],
        monotonic: Callable[[], float],
        jitter: Callable[[], float],
        come_back: Callable[[float], None],
    ) -> None:
        self.queue = queue
        self.api = api
        self.limiter = limiter
        self._clock = clock
        self._monotonic = monotonic
        self._jitter = jitter
        self._come_back = come_back  # look at the queue again after this many seconds
        self.paused_until = 0.0  # monotonic: start nothing new before this (Telegram unreachable)
        self.outages = 0  # consecutive Unreachable, for that pause

    async def deliver(self, entry: Leased) -> None:
        item = entry.item
        method, chat_id, ref = describe(item.action)
        try:
            message_id = await self._call(item.action)
        except RetryAfter as exc:
            self.outages = 0
            if chat_id is not None:
                self.limiter.hold(chat_id, self._monotonic() + exc.seconds)
            log.info("%s to chat %s got 429: retry after %.0fs (outbox #%d)", method, chat_id, exc.seconds, item.id)
            await self.retry(entry, exc.seconds, str(exc))
        except Unreachable as exc:
            self.outages += 1
            pause = min(OUTAGE_PAUSE_CAP, backoff(self.outages - 1, self._jitter()))
            self.paused_until = max(self.paused_until, self._monotonic() + pause)
            delay = backoff(item.attempts, self._jitter())
            log.warning(
                "%s to chat %s: Telegram unreachable (%s); retry in %.1fs (outbox #%d)",
                method, chat_id, exc, delay, item.id,
            )  # fmt: skip
            await self.retry(entry, delay, f"unreachable: {exc}")
        except Rejected as exc:
            self.outages = 0
            log.warning("%s to chat %s (ref %s) rejected: %s (outbox #%d)", method, chat_id, ref, exc, item.id)
            await self.give_up(entry, f"rejected: {exc}")
        except Exception as exc:
            # A bug in a transport or a malformed action: keep the loop alive, try later.
            log.exception("%s to chat %s failed unexpectedly (outbox #%d)", method, chat_id, item.id)
            await self.retry(entry, backoff(item.attempts, self._jitter()), f"error: {exc!r}")
        else:
            self.outages = 0
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
        if isinstance(action, SendFile):
            return await self.api.send_file(action.chat_id, action.file, action.text, action.photo)
        if isinstance(action, Edit | Delete):
            message_id = await self.queue.message_of(action.ref)
            if message_id is None:  # the queue leases an edit or a deletion only after its send
                raise Rejected(f"no message sent under ref {action.ref}")
            if isinstance(action, Delete):
                await self.api.delete_message(action.chat_id, message_id)
            else:
                await self.api.edit_message(action.chat_id, message_id, action.text, action.keyboard)
            return message_id
        # A pop-up is shown as plain text: "A&amp;B" would reach the user literally.
        await self.api.answer_button(action.callback_id, plain_text(action.text), action.alert)
        return None

    async def retry(self, entry: Leased, delay: float, error: str) -> None:
        if entry.chat_id is None and self.age(entry.item, self._clock()) + delay > ANSWER_MAX_AGE:
            await self.give_up(entry, f"callback query too old to answer after: {error}")
            return
        await self.queue.retry_at(entry.item, self._clock() + timedelta(seconds=delay), error)
        self._come_back(delay)

    async def release(self, entry: Leased, delay: float) -> None:
        await self.queue.release(entry.item, self._clock() + timedelta(seconds=delay))
        log.debug("outbox #%d deferred %.1fs for the flood limits", entry.item.id, delay)
        self._come_back(delay)

    async def give_up(self, entry: Leased, error: str) -> None:
        await self.queue.failed(entry.item, error, self._clock())
        log.info("gave up on outbox #%d: %s", entry.item.id, error)

    @staticmethod
    def age(item: PendingAction, wall: datetime) -> float:
        """Seconds since the core queued `item`."""
        return (wall - item.created_at).total_seconds()

    async def prime(self, stopped_at: datetime | None) -> None:
        """Teach the limiter what was sent lately by anyone (a previous process, another
        worker), so that starting does not break a window already opened."""
        wall, mono = self._clock(), self._monotonic()
        since = wall - timedelta(seconds=self.limiter.horizon)
        if stopped_at is not None:
            # Our own earlier sends are in the limiter already: do not count them twice.
            since = max(since, stopped_at + timedelta(microseconds=1))
        try:
            sends = await self.queue.recent_sends(since)
        except Exception:
            log.exception("could not read the recent sends; starting with an empty rate limiter")
            return
        # Recorded when the call returned, i.e. a little after Telegram counted it: conservative.
        self.limiter.prime((chat_id, mono - max((wall - at).total_seconds(), 0.0)) for chat_id, at in sends)
        if sends:
            log.info("rate limiter primed with %d sends of the last %.0fs", len(sends), self.limiter.horizon)

    async def give_back(self, entries: list[Leased]) -> None:
        """Release items leased but never started, so a new sender need not wait out the lease."""
        for entry in entries:
            try:
                await self.queue.release(entry.item, None)
            except Exception:
                log.exception("could not release outbox #%d; its lease will expire", entry.item.id)


async def guarded(item_id: int, work: Coroutine[Any, Any, None]) -> None:
    """Run one item's work; a failure to record its outcome is logged, never raised."""
    try:
        await work
    except Exception:
        # Mostly the database failing under us: the lease expires and the item comes back.
        log.exception("could not record the outcome of outbox #%d; it will be retried", item_id)


async def nap(sleep: Callable[[float], Awaitable[None]], signal: asyncio.Event, seconds: float) -> None:
    """Sleep `seconds` on the injected clock, or until `signal` is set, whichever comes first."""
    if seconds <= 0 or signal.is_set():
        return
    sleeper = asyncio.ensure_future(sleep(seconds))
    waiter = asyncio.ensure_future(signal.wait())
    try:
        await asyncio.wait({sleeper, waiter}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        sleeper.cancel()
        waiter.cancel()


async def finish(calls: set[asyncio.Task[None]], sleep: Callable[[float], Awaitable[None]], grace: float) -> None:
    """Let the calls in flight finish within `grace` seconds; cancel the late ones."""
    if not calls:
        return
    everything: asyncio.Future[Any] = asyncio.gather(*calls, return_exceptions=True)
    waited: asyncio.Future[Any] = asyncio.ensure_future(sleep(grace))
    try:
        await asyncio.wait({everything, waited}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waited.cancel()
        late = [task for task in calls if not task.done()]
        for task in late:
            task.cancel()
        if late:
            # Those calls may have reached Telegram: they will be sent again (at-least-once).
            log.warning("cancelled %d outbox calls still running at stop", len(late))
