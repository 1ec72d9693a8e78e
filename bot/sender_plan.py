"""What the sender does with its waiting items at a lease (bot/sender.py): which calls start now,
which items are settled, given up or handed back, and how long the rest wait.

When the limits let a chat's messages go back to back (a chat's spacing of at most
CHAIN_SPACING of bot/sender_parts.py: never Telegram's second), a lease takes up to CHAIN items of
each chat, its head and the cards behind it, and they go one at a time in the chat's order: each
starts once the one before it has returned, by a lease that only marks and starts (no look for
new heads), so a busy chat needs no full lease per card (an urgent item queued meanwhile waits for
those, at most CHAIN - 1, each a few milliseconds under such limits). One that has to wait long
(a group's minute) or got a 429 goes back to the queue with every item behind it, so none
overtakes it. With Telegram's limits a lease takes one item per chat, as the next could not go
before its chat's second anyway.

Urgent items (an emergency's "call 120 now") come first twice: the queue makes one the head of its
chat, and here they take the global budget first; cards and calls come next, acknowledgements
last, so replies never spend a group's minute a card is waiting for. A leased item waits here only
for short limits (a chat's second, the global second); for a group's minute it is handed back,
due just before its slot, so an urgent item queued meanwhile is that chat's next message.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Coroutine, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from bot.delivering import Delivery
from bot.delivery_settle import assume_delivered, resend_interrupted
from bot.ratelimit import RateLimiter
from bot.sender_parts import ANSWER_MAX_AGE, CHAIN, CHAIN_SPACING, HOLD_SECONDS, LEASE_AHEAD, Leased
from storage.queue import lease_order

Work = Callable[[], Coroutine[Any, Any, None]]


def chain_length(limiter: RateLimiter) -> int:
    """How many items of a chat a lease takes: several only when they may go back to back."""
    return CHAIN if limiter.chat_spacing <= CHAIN_SPACING else 1


@dataclass(slots=True)
class Plan:
    calls: list[Leased] = field(default_factory=list)  # start now (the limiter is charged)
    other: list[tuple[Leased, Work]] = field(default_factory=list)  # no call: give up, settle, hand back
    wait: float = math.inf  # seconds until the next waiting item may start

    def make(
        self, waiting: Iterable[Leased], delivery: Delivery, now: float, wall: datetime, margin: float,
        busy: Iterable[int | None] = (), broken: Collection[int] = (),
    ) -> None:
        """Sort out every waiting item, by priority then oldest first (`now` monotonic, `wall`
        the clock; `margin`: a call must start this long before its lease ends). A chat's items
        go one at a time, in that order: none while one of its chat is under way (`busy`), and
        all of them back to the queue when one before them was (`broken`: a 429), so that none
        overtakes it."""
        self.calls.clear()
        self.other.clear()
        paused = now < delivery.paused_until  # Telegram unreachable: start nothing for a moment
        entries = sorted(waiting, key=lambda e: lease_order(e.item))
        self.wait = delivery.paused_until - now if paused and entries else math.inf
        limiter = delivery.limiter
        busy, broken = {chat for chat in busy if chat is not None}, set(broken)
        for entry in entries:
            item, chat = entry.item, entry.chat_id
            if chat in broken:
                self.other.append((entry, partial(delivery.give_back, [entry])))  # the chat's hold stays
                continue
            if chat in busy:
                continue  # behind one of its chat: that one's end asks for another look
            if chat is not None:
                busy.add(chat)
            if chat is None and delivery.age(item, wall) > ANSWER_MAX_AGE:
                self.other.append((entry, partial(delivery.give_up, entry, "callback query too old to answer")))
            elif item.interrupted is not None and not resend_interrupted(item):
                self.other.append((entry, partial(assume_delivered, delivery.queue, item, wall)))
            elif paused:
                continue
            elif (wait := limiter.delay(chat, now)) > HOLD_SECONDS or now + wait > entry.lease_ends - margin:
                # Do not sit on the chat's lease for a group's minute (nor outlive the lease and
                # let another worker take the item): hand it back untried, due a moment before
                # its slot, so that it is leased again and waiting here when the slot opens; and
                # the rest of its chat with it.
                self.other.append((entry, partial(delivery.release, entry, max(wait - LEASE_AHEAD, 0.0))))
                if chat is not None:
                    broken.add(chat)
            elif wait <= 0:
                limiter.record(chat, now)
                entry.started = now
                self.calls.append(entry)
            else:
                self.wait = min(self.wait, wait)
