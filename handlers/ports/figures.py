"""What the reports and exports ask of storage: aggregates over a filtered set of requests.

Every method answers one question over the requests a `Filter` picks, computed where the rows
are (GROUP BY, window functions): a month of a district is tens of thousands of rows, a report
is a few dozen numbers.
"""

from __future__ import annotations

from typing import Protocol

from handlers.domain import Event, Request
from handlers.domain.figures import (
    ByBuilding,
    ByCategory,
    Counts,
    Dimension,
    Filter,
    Helper,
    HourCount,
    Milestone,
    Tally,
    Totals,
    Waiting,
)


class FigureStore(Protocol):
    async def summary(self, f: Filter) -> tuple[Totals, ByBuilding, ByCategory]:
        """The report's first sections at once: `counts`, both `median_seconds` and both `breakdown`s,
        in as few passes over the rows as the database allows."""
        ...

    async def counts(self, f: Filter) -> Counts: ...

    async def median_seconds(self, f: Filter, milestone: Milestone) -> float | None:
        """Median seconds from posting to the first claim (of those claimed) or to done (of those
        done); None when there is none."""
        ...

    async def breakdown(self, f: Filter, by: Dimension) -> list[Tally]:
        """Requests and done ones per building or category, most requests first, then by key."""
        ...

    async def helpers(self, f: Filter, limit: int) -> list[Helper]:
        """Volunteers by claims done on the filtered requests, most first, then by name."""
        ...

    async def waiting(self, f: Filter, limit: int) -> list[Waiting]:
        """Open and claimed requests, oldest first."""
        ...

    async def hourly(self, f: Filter) -> list[HourCount]:
        """Posted and done per UTC hour of posting, for the charts; hours with none are left out."""
        ...

    async def requests(self, f: Filter) -> list[Request]:
        """The filtered requests themselves, oldest first (for exports)."""
        ...

    async def helped_by(self, f: Filter) -> dict[int, tuple[str, ...]]:
        """Per filtered request, the names on its claims held or done (not released), in claim order."""
        ...

    async def events(self, f: Filter) -> list[Event]:
        """The events of the filtered requests, by request then time, without their detail (for exports:
        who did what when; the detail stays in the database)."""
        ...
