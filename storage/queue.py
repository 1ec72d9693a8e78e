"""The sending side of the outbox: what bot/sender.py drains, implemented by storage/outbox_queue.py;
and the inbox: what the poller stores and bot/inbox_worker.py hands to the core, implemented by
storage/inbox.py.

The core never reads either; it adds actions through `handlers.ports.Outbox` and marks updates
handled through `handlers.ports.ProcessedUpdates`."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from handlers.chat import Action, ChatEvent, Received, Send
from storage.codec import action_priority

# An acknowledgement is folded into an equal one (same ref, same chat) sent this recently.
FOLD_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class Interrupted:
    """An earlier attempt at an item began (its call may have reached Telegram) and never ended:
    its sender died between the call and recording what it meant (kill -9, a cancel at stop)."""

    started_at: datetime
    emergency: bool  # the item is about an emergency request (known for a Send with a request)


@dataclass(frozen=True, slots=True)
class PendingAction:
    id: int
    action: Action
    attempts: int
    request_id: int | None
    created_at: datetime  # when the core queued it (a button answer is useless after ~10 s)
    interrupted: Interrupted | None = None

    @property
    def urgent(self) -> bool:
        return isinstance(self.action, Send) and self.action.urgent

    @property
    def priority(self) -> int:
        """2 urgent, 1 cards, calls and edits, 0 acknowledgements (as the outbox stores it)."""
        return action_priority(self.action)


def lease_order(item: PendingAction) -> tuple[int, int]:
    """Who goes first when items compete for a budget: the higher priority, then the older."""
    return (-item.priority, item.id)


# Given what a lease is handing out, the sender answers which items' calls it starts now (ids):
# called inside the lease's transaction, so their attempt markers are committed with it.
StartNow = Callable[[Sequence[PendingAction]], Collection[int]]


class OutboxQueue(Protocol):
    """The sending side of the outbox (bot/sender.py drains it)."""

    async def lease(
        self, now: datetime, limit: int, lease_seconds: float, sent: Sequence[tuple[PendingAction, int | None]] = (),
        start: StartNow | None = None, per_chat: int = 1,
    ) -> list[PendingAction]:
        """First, in the same transaction, `sent_many(sent, now)`: the sender marks and leases in
        one round trip, and a chat whose last item was just sent gives its next. Then the head of
        each chat that is due and not leased by another worker, leased for `lease_seconds`, in
        `lease_order` (none when `limit` is 0). A chat's head is its due pending item of the
        highest priority, the oldest first; an item waiting out its backoff is no head, so it
        holds back nothing else of its chat. A chat with an item in flight, or held (`release`),
        gives none; a closed chat's items are never sent but failed (by the first lease after
        the queue closed it, or within `SWEEP_SECONDS` of storage/outbox_queue.py). Older
        pending edits of the same message are superseded by the newest one (coalescing), an
        edit waits for the Send of its message, and an acknowledgement whose ref was sent within
        `FOLD_SECONDS` (or is on its way) is superseded by that one (folding). With `per_chat`
        > 1, up to that many of a chat: its head and the messages of priority 1 or more right
        behind it, in its order (edits, deletions and acknowledgements only as heads), which the
        sender sends one after another, each call after the last one's answer.

        Last, still in the same transaction, `start(leased)` names the items (these or ones
        leased before) whose calls the sender makes as soon as this returns: each gets its
        attempt marker (`started_at`), so that a sender dying mid-call leaves a trace. An item
        leased with a marker from an earlier attempt that never ended has `interrupted` set."""
        ...

    async def assumed_sent(self, item: PendingAction, now: datetime, note: str) -> None:
        """Mark an interrupted item sent without a message id, keeping `note` (why) as its error."""
        ...

    async def sent(self, item: PendingAction, message_id: int | None, now: datetime) -> None:
        """Mark sent; a Send with a ref also records the message id under that ref."""
        ...

    async def sent_many(self, marks: Sequence[tuple[PendingAction, int | None]], now: datetime) -> None:
        """`sent` for each (item, message id), in one transaction."""
        ...

    async def retry_at(self, item: PendingAction, when: datetime, error: str) -> None:
        """A failed attempt: due again at `when`; counts an attempt, keeps the error and ends the
        attempt (its marker cleared: Telegram's answer said it did not arrive)."""
        ...

    async def release(self, item: PendingAction, hold_until: datetime | None) -> None:
        """Give a leased item back unsent and untried (a 429, a flood-limit deferral, a stop):
        clears the lease and the attempt marker, and holds the item's chat until `hold_until`
        (nothing goes there before); attempts and error stay as they were."""
        ...

    async def failed(self, item: PendingAction, error: str, now: datetime, *, close_chat: bool = False) -> None:
        """Give up on it for good (403, bad request): it stays in the table with the error, and
        its request (if any) gets an `undelivered` event. `close_chat`: the chat refused the
        bot, so its other pending items are failed too and none is tried until it is reopened."""
        ...

    async def park(self, item: PendingAction, error: str, now: datetime) -> None:
        """It kept failing: parked (kept, never tried again), with an `undelivered` event."""
        ...

    async def message_of(self, ref: str) -> int | None: ...

    async def pending_count(self) -> int: ...

    async def recent_sends(self, since: datetime) -> list[tuple[int | None, datetime]]:
        """(chat_id, sent_at) of every item sent at or after `since`, oldest first (chat_id
        None for button answers): what any process sent lately, to prime a rate limiter."""
        ...


@dataclass(frozen=True, slots=True)
class Stored:
    """A pending inbox row: its event and how many times handling it failed."""

    event: ChatEvent
    attempts: int = 0

    @property
    def update_id(self) -> int:
        return self.event.update_id


class InboxQueue(Protocol):
    async def store(self, received: Sequence[Received], now: datetime, settled: Collection[int] = ()) -> list[Stored]:
        """Store a batch in one transaction (an update stored before is skipped); the events
        stored now and pending, in order. Unreadable updates are kept but never pending; those
        in `settled` (update ids) are stored already handled."""
        ...

    async def pending(self, limit: int = 500) -> list[Stored]:
        """Pending rows, oldest first."""
        ...

    async def failed(self, update_id: int, error: str, *, give_up: bool) -> None:
        """A failed attempt (a bug, not the database): counted; with `give_up` never tried again."""
        ...

    async def pending_count(self) -> int: ...

    def transient(self, exc: BaseException) -> bool:
        """Whether `exc` is the database failing (locked, down): wait and retry, never give up."""
        ...
