"""One leased outbox item: make its Bot API call, and record what the result means.

- Sent: marked sent, by the sender's next lease (one transaction marks every item sent since the
  last one and leases the next heads).
- 429: the chat is held for `retry_after` and the item handed back untried (no attempt counted).
- Unreachable (no connection, 5xx, a timeout before the request went out): everything pauses a
  moment and the item is retried with backoff, as its own item: its chat's other items go on.
- Ambiguous (a 2xx the library cannot parse, `result: null`, a timeout after the request was
  written): settled, never retried blindly, so no card is posted twice. The message id is taken
  from the answer where it still shows it; otherwise the item counts as sent, and the log says
  so. The exception is an urgent message without a ref ("call 120"): a second copy beats none.
- Rejected (400 / 403 / chat not found): failed at once with an `undelivered` event; when the
  chat itself refused the bot (kicked, blocked, not found) and it is a group, the chat is closed
  (nothing more is tried there until the bot hears from it) and the secretaries are told.
- Anything else is a bug: logged and retried with backoff.

A message still failing after `max_attempts` is parked (kept, never tried again) and the
secretaries are told; when Telegram itself looks down (the `probe`, getMe, fails too), it is
kept trying instead: an outage is nobody's message's fault.

A crash between the API call and its mark is settled the same way: each call starts only once its
attempt marker is committed, so the next sender knows that call was under way and applies the rule
of bot/delivery_settle.py (a card counts as sent, an edit goes again, a "call 120" or an
emergency's card goes again: a duplicate beats a lost emergency). A database restarting meanwhile
is waited for, so that settles nothing. Telegram has no idempotency key and no way to look a
message up.

The limiter lives in memory, primed at each start with the outbox's record of the last minute's
sends, so a restarted process (or one started beside another worker) keeps to the windows
already opened.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.delivery import Ambiguous, BotApi, Rejected, RetryAfter, Unreachable
from bot.notices import Notice, Notify, is_notice
from bot.ratelimit import RateLimiter
from bot.sender_parts import ANSWER_MAX_AGE, OUTAGE_PAUSE_CAP, Leased, backoff, describe, record_sent
from bot.texts.fmt import plain_text
from handlers.chat import Action, Delete, Edit, Send, SendFile
from storage.queue import OutboxQueue, PendingAction

log = logging.getLogger("bot.sender")

Probe = Callable[[], Awaitable[object]]


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
        max_attempts: int = 8,
        notify: Notify | None = None,
        probe: Probe | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        on_hold: Callable[[int], None] = lambda chat_id: None,
    ) -> None:
        self.queue, self.api, self.limiter, self.max_attempts = queue, api, limiter, max_attempts
        self._notify, self._probe = notify, probe
        self._clock, self._monotonic, self._sleep, self._jitter = clock, monotonic, sleep, jitter
        self._come_back = come_back  # look at the queue again after this many seconds
        self._on_hold = on_hold  # a chat got a 429: what waits behind the item goes back too
        self.paused_until = 0.0  # monotonic: start nothing new before this (Telegram unreachable)
        self.outages = 0  # consecutive Unreachable, for that pause
        # Sent, not yet recorded: the sender's next lease marks them in its own transaction.
        self.marks: list[tuple[PendingAction, int | None]] = []

    async def deliver(self, entry: Leased) -> None:
        item = entry.item
        method, chat_id, ref = describe(item.action)
        try:
            message_id = await self._call(item.action, entry.started)
        except RetryAfter as exc:
            self.outages = 0
            log.info("%s to chat %s got 429: retry after %.0fs (outbox #%d)", method, chat_id, exc.seconds, item.id)
            if chat_id is None:
                await self.retry(entry, exc.seconds, str(exc))
            else:
                self.limiter.hold(chat_id, self._monotonic() + exc.seconds)
                self._on_hold(chat_id)
                await self.release(entry, exc.seconds)
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
        except Ambiguous as exc:
            self.outages = 0
            await self.settle(entry, exc)
        except Rejected as exc:
            self.outages = 0
            log.warning("%s to chat %s (ref %s) rejected: %s (outbox #%d)", method, chat_id, ref, exc, item.id)
            await self.reject(entry, exc)
        except Exception as exc:
            # A bug in a transport or a malformed action: keep the loop alive, try later.
            log.exception("%s to chat %s failed unexpectedly (outbox #%d)", method, chat_id, item.id)
            await self.retry(entry, backoff(item.attempts, self._jitter()), f"error: {exc!r}")
        else:
            self.outages = 0
            log.info("sent %s to chat %s (ref %s, outbox #%d)", method, chat_id, ref, item.id)
            self.marks.append((item, message_id))

    async def _call(self, action: Action, started: float | None) -> int | None:
        try:
            return await self._api_call(action)
        finally:
            self.limiter.finished(describe(action)[1], self._monotonic(), started)

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
        item = entry.item
        if entry.chat_id is None and self.age(item, self._clock()) + delay > ANSWER_MAX_AGE:
            await self.give_up(entry, f"callback query too old to answer after: {error}")
            return
        if item.attempts + 1 >= self.max_attempts and await self._telegram_answers():
            await self.queue.park(item, f"parked after {item.attempts + 1} attempts: {error}", self._clock())
            log.warning("parked outbox #%d after %d attempts: %s", item.id, item.attempts + 1, error)
            await self._tell(entry, Notice("parked", entry.chat_id, item.request_id, error))
            return
        await self.queue.retry_at(item, self._clock() + timedelta(seconds=delay), error)
        self._come_back(delay)

    async def settle(self, entry: Leased, exc: Ambiguous) -> None:
        item, action = entry.item, entry.item.action
        method, chat_id, ref = describe(action)
        if isinstance(action, Send) and action.urgent and action.ref is None and exc.message_id is None:
            log.warning("%s to chat %s: unclear whether it arrived (%s); urgent, so sent again (outbox #%d)",
                        method, chat_id, exc, item.id)
            await self.retry(entry, backoff(item.attempts, self._jitter()), f"ambiguous: {exc}")
            return
        found = exc.message_id if isinstance(action, Send) else None
        if isinstance(action, Edit | Delete):
            found = await self.queue.message_of(action.ref)
        log.warning(
            "%s to chat %s (ref %s): unclear whether it arrived (%s); counted as sent%s, not retried (outbox #%d)",
            method, chat_id, ref, exc, f" as message {found}" if found else " without its message id", item.id,
        )  # fmt: skip
        self.marks.append((item, found))

    async def reject(self, entry: Leased, exc: Rejected) -> None:
        chat_id = entry.chat_id
        close = exc.chat_gone and chat_id is not None and chat_id < 0
        await self.queue.failed(entry.item, f"rejected: {exc}", self._clock(), close_chat=close)
        if close:
            log.warning("chat %s is closed to the bot (%s): nothing more is sent there until it writes", chat_id, exc)
            await self._tell(entry, Notice("chat_closed", chat_id, entry.item.request_id, str(exc)))

    async def release(self, entry: Leased, delay: float) -> None:
        await self.queue.release(entry.item, self._clock() + timedelta(seconds=delay))
        log.debug("outbox #%d deferred %.1fs for the flood limits", entry.item.id, delay)
        self._come_back(delay)

    async def give_up(self, entry: Leased, error: str) -> None:
        await self.queue.failed(entry.item, error, self._clock())
        log.info("gave up on outbox #%d: %s", entry.item.id, error)

    async def _telegram_answers(self) -> bool:
        """Before parking: is it this message, or is Telegram down for everyone?"""
        if self._probe is None:
            return True
        try:
            await self._probe()
        except Exception as exc:
            log.warning("Telegram does not answer getMe either (%s): keeping the message, not parking it", exc)
            return False
        return True

    async def _tell(self, entry: Leased, notice: Notice) -> None:
        action = entry.item.action
        if self._notify is None or is_notice(getattr(action, "ref", None)):
            return  # a notice that cannot be delivered is only logged
        await self._notify(notice)

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

    async def record_sent(self) -> None:
        """Mark what was sent and not yet marked (the sender stops: no next lease will), waiting
        for a database that is restarting: a new sender takes the leases back only after a handover."""
        marks, self.marks = self.marks, []
        try:
            await record_sent(self.queue, marks, self._clock, self._sleep)
        except Exception:
            log.exception("could not record outbox %s as sent; they will be retried", [i.id for i, _ in marks])

    async def give_back(self, entries: list[Leased]) -> None:
        """Release items leased but never started, so a new sender need not wait out the lease."""
        for entry in entries:
            try:
                await self.queue.release(entry.item, None)
            except Exception:
                log.exception("could not release outbox #%d; its lease will expire", entry.item.id)
