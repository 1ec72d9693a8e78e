"""What the core needs from storage about people, volunteers, calls, events, lists and the outbox."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol

from handlers.chat import Action
from handlers.domain import Concern, Event, Offer, Person, Volunteer, VolunteerRecord


class PeopleRepository(Protocol):
    async def get(self, user_id: int) -> Person | None: ...

    async def seen(self, user_id: int, name: str, username: str | None, *, started_bot: bool = False) -> Person:
        """Create or refresh a person; `started_bot` only ever turns on."""
        ...

    async def set_home(self, user_id: int, building: str, compound: str | None, community: str | None) -> None: ...

    async def by_username(self, username: str) -> Person | None:
        """The person with that @username (without the @, any case); None if nobody known has it."""
        ...


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
