"""The domain: requests, people, volunteers and the grid they live on.

Plain dataclasses, no framework. Everything the handlers decide is expressed in these types;
storage maps them to tables and transports never see them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from enum import IntEnum, StrEnum


class Kind(StrEnum):
    """What a chat message means (see shared/data/LABELS.md)."""

    REQUEST = "request"
    OFFER = "offer"
    CLAIM = "claim"
    DONE = "done"
    CANCEL = "cancel"
    CONCERN = "concern"
    CHAT = "chat"


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


class Ring(IntEnum):
    """How far from the request's building a call reaches; the ladder climbs these."""

    BUILDING = 0
    COMPOUND = 1
    COMMUNITY = 2
    SECRETARY = 3


# --- the grid ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Compound:
    name: str
    community: str
    buildings: tuple[str, ...]
    chats: tuple[int, ...]
    # Optional coordinates (any planar unit) for "nearer buildings first".
    coordinates: dict[str, tuple[float, float]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Community:
    name: str
    secretaries: tuple[int, ...]
    compounds: tuple[Compound, ...]


@dataclass(frozen=True, slots=True)
class Place:
    """Where a building sits on the grid."""

    community: str
    compound: str
    building: str | None


@dataclass(frozen=True, slots=True)
class Grid:
    communities: tuple[Community, ...]

    def compound_of_chat(self, chat_id: int) -> Compound | None:
        for community in self.communities:
            for compound in community.compounds:
                if chat_id in compound.chats:
                    return compound
        return None

    def community(self, name: str) -> Community | None:
        return next((c for c in self.communities if c.name == name), None)

    def compound(self, community: str, name: str) -> Compound | None:
        found = self.community(community)
        if found is None:
            return None
        return next((c for c in found.compounds if c.name == name), None)

    def place_of_building(self, building: str, near_chat: int | None = None) -> Place | None:
        """The compound that holds `building`, preferring the chat's own compound.

        Building numbers repeat across compounds ("3" exists everywhere), so a chat's own compound wins.
        """
        if near_chat is not None:
            own = self.compound_of_chat(near_chat)
            if own is not None and building in own.buildings:
                return Place(own.community, own.name, building)
        for community in self.communities:
            for compound in community.compounds:
                if building in compound.buildings:
                    return Place(community.name, compound.name, building)
        return None

    def is_secretary(self, user_id: int, community: str | None = None) -> bool:
        return any(
            user_id in c.secretaries
            for c in self.communities
            if community is None or c.name == community
        )

    def secretaries_of(self, community: str) -> tuple[int, ...]:
        found = self.community(community)
        return found.secretaries if found else ()


# --- people -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HourWindow:
    """A daily window [start, end); end before start wraps past midnight."""

    start: time
    end: time

    def contains(self, moment: time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


DEFAULT_QUIET = HourWindow(time(22, 0), time(7, 0))


@dataclass(slots=True)
class Person:
    user_id: int
    name: str
    username: str | None = None
    home_building: str | None = None
    home_compound: str | None = None
    home_community: str | None = None
    started_bot: bool = False  # only then can the bot write to them privately
    locale: str | None = None


@dataclass(slots=True)
class Volunteer:
    user_id: int
    name: str
    building: str
    compound: str
    community: str
    skills: frozenset[str] = frozenset()
    hours: tuple[HourWindow, ...] = ()  # empty: any time
    quiet: HourWindow | None = DEFAULT_QUIET
    paused: bool = False
    max_open_claims: int = 2
    vetted: bool = False
    # Communities served besides the home one (双报到: at home and at work).
    also_serves: tuple[str, ...] = ()
    started_bot: bool = False
    registered_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class VolunteerRecord:
    """What the matcher needs to know about a volunteer's recent behaviour."""

    open_claims: int = 0
    kept: int = 0
    released: int = 0
    expired: int = 0
    last_called_at: datetime | None = None


# --- requests ---------------------------------------------------------------------------


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


@dataclass(frozen=True, slots=True)
class Offer:
    chat_id: int
    user_id: int
    text: str
    category: str | None
    building: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class Concern:
    chat_id: int
    user_id: int
    text: str
    category: str | None
    building: str | None
    at: datetime
