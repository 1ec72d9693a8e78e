"""Where the visit rosters and their events are kept (handlers/domain/visits.py)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol

from handlers.domain.visits import RosterEntry, VisitEvent, VisitFigures


class RosterStore(Protocol):
    async def add(self, entry: RosterEntry) -> RosterEntry:
        """Store a new entry (its `id` is ignored); the same entry with its id."""
        ...

    async def get(self, entry_id: int) -> RosterEntry | None: ...

    async def save(self, entry: RosterEntry) -> None:
        """Persist the changing fields: dues, reminded flags, the timer, carer, off_at."""
        ...

    async def active(self, communities: Collection[str]) -> list[RosterEntry]:
        """Entries still on the roster in these communities, by compound, building and id."""
        ...

    async def due(self, now: datetime, limit: int) -> list[RosterEntry]:
        """Active entries whose next_due_at has passed, earliest first, locked for this
        transaction (SKIP LOCKED on PostgreSQL) so two workers never remind twice."""
        ...

    async def log(self, event: VisitEvent) -> int:
        """Record one event; returns its id."""
        ...

    async def answered_on(self, chat_id: int, message_id: int) -> VisitEvent | None:
        """The latest answer recorded on that reminder message (a reply to it is a note)."""
        ...

    async def history(self, entry_id: int) -> list[VisitEvent]:
        """An entry's events, oldest first."""
        ...

    async def figures(
        self, since: datetime | None, until: datetime, communities: Collection[str] | None
    ) -> VisitFigures:
        """The visit figures of [since, until) counted in SQL from the events (None: every
        community); `on_roster` counts the entries active now."""
        ...

    async def logged(
        self, since: datetime | None, until: datetime | None, communities: Collection[str]
    ) -> list[tuple[RosterEntry, VisitEvent]]:
        """The events of [since, until) in these communities with their entries, oldest first (the
        export's visits sheet: a month holds a few events per resident, so rows, not aggregates)."""
        ...
