"""The interfaces the core needs from the outside world.

Storage implements the repositories and the unit of work (SQLAlchemy); tests use the in-memory
fakes in tests/fakes.py. Each method is one question or one atomic change, so the SQL version can
make races impossible (a claim is one conditional UPDATE) rather than hoping they do not happen.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Literal, Protocol, Self

from handlers.chat import Action, Keyboard, Send
from handlers.domain import (
    Concern,
    Event,
    Grid,
    Offer,
    Person,
    Request,
    Status,
    Volunteer,
    VolunteerRecord,
)
from handlers.reporting import Report


@dataclass(frozen=True, slots=True)
class NewRequest:
    chat_id: int
    message_id: int
    requester_id: int
    requester_name: str
    text: str
    category: str
    building: str | None
    compound: str | None
    community: str | None
    urgent: bool
    emergency: bool
    people_needed: int
    posted_at: datetime
    next_due_at: datetime | None


@dataclass(frozen=True, slots=True)
class ClaimResult:
    won: bool
    request: Request | None
    reason: str | None = None  # "taken", "closed", "already_yours", "missing"


class RequestRepository(Protocol):
    async def add(self, new: NewRequest) -> Request: ...

    async def get(self, request_id: int) -> Request | None: ...

    async def by_message(self, chat_id: int, message_id: int) -> Request | None:
        """The request whose own message, card or private call this message is."""
        ...

    async def link_message(self, request_id: int, chat_id: int, message_id: int) -> None: ...

    async def active_of_requester(self, chat_id: int, user_id: int) -> list[Request]:
        """Open or claimed requests of one requester in one chat, newest first."""
        ...

    async def try_claim(self, request_id: int, user_id: int, name: str, now: datetime) -> ClaimResult:
        """Atomically add a claimer; the request becomes claimed when enough have claimed."""
        ...

    async def release(self, request_id: int, user_id: int, now: datetime) -> Request | None:
        """Atomically drop an active claimer; None when they held no claim."""
        ...

    async def transition(
        self, request_id: int, allowed: Collection[Status], to: Status, now: datetime
    ) -> Request | None:
        """Atomically move to `to` if the status is one of `allowed`; None if it was not."""
        ...

    async def save_progress(self, request: Request) -> None:
        """Persist the ladder fields: ring, followups, next_due_at, requester_told_waiting."""
        ...

    async def list_active(self, chat_ids: Collection[int] | None = None) -> list[Request]:
        """Open and claimed requests, oldest first."""
        ...

    async def claimed_by(self, user_id: int) -> list[Request]:
        """Active requests (open or claimed) on which `user_id` holds an active claim, oldest first."""
        ...

    async def posted_since(self, since: datetime | None) -> list[Request]: ...

    async def due(self, now: datetime, limit: int) -> list[Request]:
        """Active requests whose next_due_at has passed, locked for this transaction only
        (SKIP LOCKED on PostgreSQL) so that two workers never take the same timer."""
        ...


class PeopleRepository(Protocol):
    async def get(self, user_id: int) -> Person | None: ...

    async def seen(self, user_id: int, name: str, username: str | None, *, started_bot: bool = False) -> Person:
        """Create or refresh a person; `started_bot` only ever turns on."""
        ...

    async def set_home(self, user_id: int, building: str, compound: str | None, community: str | None) -> None: ...


class VolunteerRepository(Protocol):
    async def get(self, user_id: int) -> Volunteer | None: ...

    async def save(self, volunteer: Volunteer) -> None: ...

    async def serving(self, community: str) -> list[Volunteer]:
        """Volunteers whose home community is `community` or who also serve it."""
        ...

    async def records(self, user_ids: Collection[int], since: datetime) -> dict[int, VolunteerRecord]:
        """Open claims, kept / released / expired claims and the last call, per volunteer."""
        ...


class CallLog(Protocol):
    async def add(self, request_id: int, user_ids: Sequence[int], ring: int, at: datetime) -> None: ...

    async def called(self, request_id: int) -> set[int]: ...

    async def declined(self, request_id: int) -> set[int]:
        """Those who said "can't help": no longer shown as called."""
        ...

    async def decline(self, request_id: int, user_id: int, at: datetime) -> bool:
        """Record "can't help"; False if that volunteer was not called or already declined."""
        ...


class EventLog(Protocol):
    async def add(self, event: Event) -> None: ...

    async def for_request(self, request_id: int) -> list[Event]: ...


class Outbox(Protocol):
    async def add(self, action: Action, *, request_id: int | None = None) -> None: ...


class ProcessedUpdates(Protocol):
    async def first_time(self, key: str) -> bool:
        """Record `key`; False when it was recorded before (a redelivered update)."""
        ...


class Lists(Protocol):
    """The resource list (offers) and the list of public concerns (民情清单)."""

    async def add_offer(self, offer: Offer) -> int: ...

    async def add_concern(self, concern: Concern) -> int: ...

    async def concerns(self, community: str | None = None) -> list[Concern]: ...


ChatKind = Literal["group", "private"]


@dataclass(frozen=True, slots=True)
class GridBuilding:
    community: str
    compound: str
    building: str
    x: float | None
    y: float | None
    retired_at: datetime | None  # no longer in the config since then


@dataclass(frozen=True, slots=True)
class KnownChat:
    chat_id: int
    kind: ChatKind
    community: str | None
    compound: str | None
    first_seen_at: datetime
    last_seen_at: datetime
    configured: bool  # in the grid of config.toml as last synced


class GridStore(Protocol):
    """The grid and the chats, as stored: config.toml stays the source, the database its record."""

    async def sync(self, grid: Grid, at: datetime) -> None:
        """Make the stored grid the configured one: upsert every building (un-retiring any that
        come back), retire those no longer configured, upsert the configured group chats as
        configured and mark the rest not configured."""
        ...

    async def chat_seen(
        self, chat_id: int, is_private: bool, compound: str | None, community: str | None, at: datetime
    ) -> None:
        """Record a message in a chat: create it, or refresh its place and bump last_seen_at.
        A new group chat counts as configured when it has a compound; `sync` owns the flag after."""
        ...

    async def buildings(self) -> list[GridBuilding]:
        """Every building ever configured, retired ones included, in no promised order."""
        ...

    async def chats(self) -> list[KnownChat]:
        """Every known chat, by chat id."""
        ...


class UnitOfWork(Protocol):
    requests: RequestRepository
    people: PeopleRepository
    volunteers: VolunteerRepository
    calls: CallLog
    events: EventLog
    outbox: Outbox
    updates: ProcessedUpdates
    lists: Lists
    grid: GridStore

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed."""
        ...

    async def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware UTC."""
        ...


# --- the outbox as the sender sees it -------------------------------------------------


@dataclass(frozen=True, slots=True)
class PendingAction:
    id: int
    action: Action
    attempts: int
    request_id: int | None
    created_at: datetime  # when the core queued it (a button answer is useless after ~10 s)

    @property
    def urgent(self) -> bool:
        return isinstance(self.action, Send) and self.action.urgent


class OutboxQueue(Protocol):
    """The sending side of the outbox (bot/sender.py drains it)."""

    async def lease(self, now: datetime, limit: int, lease_seconds: float) -> list[PendingAction]:
        """The head of each chat that is due and not leased by another worker, leased for
        `lease_seconds`; urgent items first, then in id order. A chat's head is its oldest
        pending urgent item, else its oldest pending item; a chat with an item in flight, or
        with any pending item whose `not_before` is still ahead, gives none. Older pending
        edits of the same message are superseded by the newest one (coalescing), and an edit
        waits for the Send of its message."""
        ...

    async def sent(self, item: PendingAction, message_id: int | None, now: datetime) -> None:
        """Mark sent; a Send with a ref also records the message id under that ref."""
        ...

    async def retry_at(self, item: PendingAction, when: datetime, error: str) -> None:
        """A failed attempt: due again at `when`; counts an attempt and keeps the error."""
        ...

    async def release(self, item: PendingAction, not_before: datetime | None) -> None:
        """Give a leased item back unsent and untried (a flood-limit deferral, a stop): clears
        the lease and sets `not_before`; attempts and error stay as they were."""
        ...

    async def failed(self, item: PendingAction, error: str, now: datetime) -> None:
        """Give up on it for good (403, bad request): it stays in the table with the error."""
        ...

    async def message_of(self, ref: str) -> int | None: ...

    async def pending_count(self) -> int: ...

    async def recent_sends(self, since: datetime) -> list[tuple[int | None, datetime]]:
        """(chat_id, sent_at) of every item sent at or after `since`, oldest first (chat_id
        None for button answers): what any process sent lately, to prime a rate limiter."""
        ...


class Renderer(Protocol):
    """Texts and cards in the configured locale; all user text is escaped here."""

    def text(self, key: str, **values: object) -> str: ...

    def card(self, request: Request, called: Sequence[tuple[int, str]]) -> tuple[str, Keyboard]: ...

    def call(self, request: Request) -> tuple[str, Keyboard]:
        """The private message that calls one volunteer."""
        ...

    def follow_up(self, request: Request) -> tuple[str, Keyboard]:
        """The private question to a claimer: done, more time, or release?"""
        ...

    def escalation(self, request: Request, key: str) -> str:
        """A private note to a secretary about one request."""
        ...

    def open_list(self, requests: Sequence[Request], total: int) -> str: ...

    def report(self, report: Report) -> str: ...

    def profile(self, volunteer: Volunteer, record: VolunteerRecord | None) -> str: ...

    def digest(self, community: str, requests: Sequence[Request]) -> str:
        """The daily digest: open and overdue requests by building, oldest first."""
        ...
