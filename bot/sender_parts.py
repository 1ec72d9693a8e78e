"""The sender's small parts: its timing constants, backoff, what a call is for logs, and the
waiting helpers of its loop (bot/sender.py, bot/delivering.py)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from handlers.chat import Action, AnswerButton, Delete, Edit, Send, SendFile
from storage.inbox import transient
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
# An item handed back for a group's minute comes back this long before its slot, so the lease's
# round trip to the database is not added to its wait (less than HOLD_SECONDS: it then waits here).
LEASE_AHEAD = 0.5
# A lease takes up to CHAIN items of a chat, sent one after another, when the limits space a
# chat's messages by at most CHAIN_SPACING seconds (lifted limits, a benchmark; never Telegram's
# second, under which a chat's next message cannot go before the next lease anyway).
CHAIN = 8
CHAIN_SPACING = 0.05
# Datetimes (the queue's not_before) and the monotonic clock may disagree by a hair; lease a bit
# after a retry time we set ourselves so the item is really due.
_DUE_SLACK = 0.01
# A send Telegram answered is recorded however long the database takes to come back, within this
# (a restart takes seconds; the sender's stop grace is 10 s and a new leader takes leases back
# only after storage.leadership.HANDOVER_SECONDS).
RECORD_PAUSE = 0.1
RECORD_PATIENCE = 20.0


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
    started: float | None = None  # monotonic: when the limiter was charged for its call


async def guarded(item_id: int, work: Coroutine[Any, Any, None]) -> None:
    """Run one item's work; a failure to record its outcome is logged, never raised."""
    try:
        await work
    except Exception:
        # Mostly the database failing under us: the lease expires and the item comes back (as an
        # interrupted call when its call was made: bot/delivery_settle.py).
        log.exception("could not record the outcome of outbox #%d; it will be retried", item_id)


async def record_sent(
    queue: OutboxQueue, marks: Sequence[tuple[PendingAction, int | None]], clock: Callable[[], datetime],
    sleep: Callable[[float], Awaitable[None]],
) -> None:
    """Mark calls Telegram answered as sent, waiting for a database that is down (restarting)
    rather than letting their leases run out, which would settle them as interrupted calls
    (bot/delivery_settle.py: a card counted delivered without its message id)."""
    pause, waited = RECORD_PAUSE, 0.0
    ids = [item.id for item, _ in marks]
    while True:
        try:
            await queue.sent_many(marks, clock())
        except Exception as exc:
            if not transient(exc) or waited >= RECORD_PATIENCE:
                raise
            if not waited:
                log.warning("outbox %s was sent; recording it waits for the database: %s", ids, exc)
            await sleep(pause)
            waited += pause
            pause = min(pause * 2, 1.0)
        else:
            if waited:
                log.info("recorded outbox %s as sent after %.1fs waiting for the database", ids, waited)
            return


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
            # Those calls may have reached Telegram: their markers stay, so the next sender
            # settles them as interrupted calls (bot/delivery_settle.py).
            log.warning("cancelled %d outbox calls still running at stop", len(late))


async def nothing_pending(queue: OutboxQueue) -> bool:
    try:
        return await queue.pending_count() == 0
    except Exception:
        log.exception("could not count the pending outbox")
        return False


async def watch_until_empty(
    queue: OutboxQueue, monotonic: Callable[[], float], sleep: Callable[[float], Awaitable[None]], deadline: float
) -> bool:
    """Wait until nothing is pending (True) or `deadline` passes (False): another loop drains."""
    while await queue.pending_count() > 0:
        left = deadline - monotonic()
        if left <= 0:
            return False
        await sleep(min(left, 0.05))
    return True
