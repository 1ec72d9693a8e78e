"""A request for help: its states, its events and the rings it is called in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum

# Our own ids are 32-bit database integers: a number beyond is no id we gave out.
MAX_ID = 2**31 - 1


def id_of(number: str) -> int | None:
    """An id as our buttons and refs write it (ASCII digits, in range), else None: callback
    data can be forged, and "²", "+5", " 5" or 10**30 must not reach int() or the database."""
    if not (0 < len(number) <= 10 and number.isascii() and number.isdigit()):
        return None
    value = int(number)
    return value if 0 < value <= MAX_ID else None


class Status(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    DONE = "done"
    CANCELLED = "cancelled"
    EXPIRED = "expired"

    @property
    def is_final(self) -> bool:
        return self in (Status.DONE, Status.CANCELLED, Status.EXPIRED)


class EventType(StrEnum):
    """Every transition of a request is one event: the log is the outcome record (一事一记)."""

    POSTED = "posted"
    CALLED = "called"
    CLAIMED = "claimed"
    RELEASED = "released"
    DECLINED = "declined"
    DONE = "done"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    ESCALATED = "escalated"
    FOLLOW_UP = "follow_up"
    REPORTED_OVERDUE = "reported_overdue"
    UNDELIVERED = "undelivered"  # a message about it could not be delivered (detail: why)


class Ring(IntEnum):
    """How far from the request's building a call reaches; the ladder climbs these."""

    BUILDING = 0
    COMPOUND = 1
    COMMUNITY = 2
    SECRETARY = 3


@dataclass(slots=True)
class Request:
    id: int
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
    status: Status
    posted_at: datetime
    people_needed: int = 1
    claimers: tuple[int, ...] = ()  # active claimers, in claim order
    claimer_names: tuple[str, ...] = ()
    ring: int = 0
    followups: int = 0  # reminders sent while claimed but not done
    # Timers: the ladder's next step is due at next_due_at; the jobs sweep on it.
    next_due_at: datetime | None = None
    requester_told_waiting: bool = False
    claimed_at: datetime | None = None  # the first claim ever: what reports measure
    last_claim_at: datetime | None = None  # the newest active claim: what follow-ups count from
    closed_at: datetime | None = None
    # A forwarded message read as a request: who wrote it first ("" when Telegram hides them);
    # the forwarder is the requester, the one told and asked.
    forwarded_from: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status is Status.OPEN

    @property
    def slots_left(self) -> int:
        return max(0, self.people_needed - len(self.claimers))


@dataclass(frozen=True, slots=True)
class Event:
    request_id: int
    type: EventType
    actor_id: int | None
    at: datetime
    detail: dict[str, object] = field(default_factory=dict)
