"""The secretary's figures: what a report holds, section by section, and what the storage is asked.

The numbers are computed by the storage (handlers.ports.FigureStore: aggregates in SQL); here
are only their shapes. A report is a list of sections so that a feature adds its own (visits)
without touching the others: each section has a `name` (its key in the JSON) and the renderer
draws each kind it knows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any, ClassVar, Generic, Literal, Protocol, TypeVar
from zoneinfo import ZoneInfo

from handlers.domain.report_args import ReportQuery
from handlers.domain.request import Status
from handlers.domain.visits import VisitFigures

Milestone = Literal["claim", "done"]
Dimension = Literal["building", "category"]
S = TypeVar("S", bound="Section")
R = TypeVar("R", bound=Any)  # a dataclass


@dataclass(frozen=True, slots=True)
class Filter:
    """Which requests: posted in [since, until) in these communities, of one building or category."""

    communities: tuple[str, ...]
    since: datetime | None = None
    until: datetime | None = None
    building: str | None = None
    category: str | None = None

    @classmethod
    def of(cls, query: ReportQuery, communities: Iterable[str]) -> Filter:
        p = query.period
        return cls(tuple(communities), p.since, p.until, query.building, query.category)

    def any_time(self) -> Filter:
        return Filter(self.communities, None, None, self.building, self.category)


class Section(Protocol):
    name: ClassVar[str]

    def as_json(self) -> object: ...


@dataclass(frozen=True, slots=True)
class Counts:
    """How many of the filtered requests stand where; escalated: called beyond their building."""

    total: int = 0
    open: int = 0
    claimed: int = 0
    done: int = 0
    cancelled: int = 0
    expired: int = 0
    escalated: int = 0
    to_secretaries: int = 0  # the ladder reached the secretaries

    @classmethod
    def of_statuses(cls, statuses: dict[str, int], escalated: int, to_secretaries: int) -> Counts:
        known = {s.value: statuses.get(s.value, 0) for s in Status}
        return cls(sum(statuses.values()), **known, escalated=escalated, to_secretaries=to_secretaries)


@dataclass(frozen=True, slots=True)
class Totals:
    name: ClassVar[str] = "requests"
    counts: Counts
    median_seconds_to_claim: float | None
    median_seconds_to_done: float | None

    @property
    def resolved_rate(self) -> float | None:
        """Done among all the period's requests (those still open count against it)."""
        return self.counts.done / self.counts.total if self.counts.total else None

    def as_json(self) -> object:
        return {
            **asdict(self.counts), "resolved_rate": self.resolved_rate,
            "median_seconds_to_claim": self.median_seconds_to_claim,
            "median_seconds_to_done": self.median_seconds_to_done,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class Tally:
    key: str | None  # a building (None: none given) or a category
    total: int
    done: int


@dataclass(frozen=True, slots=True)
class Rows(Generic[R]):
    """A section that is a list of rows (dataclasses), as JSON a list of objects."""

    rows: tuple[R, ...]

    def as_json(self) -> object:
        return [asdict(r) for r in self.rows]


@dataclass(frozen=True, slots=True)
class ByBuilding(Rows[Tally]):
    """Requests and done ones per building, most requests first."""

    name: ClassVar[str] = "by_building"


@dataclass(frozen=True, slots=True)
class ByCategory(Rows[Tally]):
    name: ClassVar[str] = "by_category"


@dataclass(frozen=True, slots=True)
class Helper:
    name: str  # only volunteers are named: those who finished the period's requests
    done: int


@dataclass(frozen=True, slots=True)
class Honours(Rows[Helper]):
    """表彰: the volunteers with the most of the period's requests done."""

    name: ClassVar[str] = "helpers"


@dataclass(frozen=True, slots=True)
class Waiting:
    id: int
    building: str | None
    category: str
    status: str
    posted_at: datetime


@dataclass(frozen=True, slots=True)
class OldestOpen:
    """Still open or claimed, oldest first, whenever posted (what fell through the cracks)."""

    name: ClassVar[str] = "oldest_open"
    rows: tuple[Waiting, ...]

    def as_json(self) -> object:
        return [{**asdict(r), "posted_at": r.posted_at.isoformat()} for r in self.rows]


@dataclass(frozen=True, slots=True)
class Visits:
    """The visit rosters' period: reminders due and answered, overdue visits, help asked."""

    name: ClassVar[str] = "visits"
    figures: VisitFigures

    def as_json(self) -> object:
        return self.figures.as_json()


@dataclass(frozen=True, slots=True)
class Report:
    query: ReportQuery
    communities: tuple[str, ...]
    sections: tuple[Section, ...]

    def section(self, kind: type[S]) -> S | None:
        return next((s for s in self.sections if isinstance(s, kind)), None)

    def as_json(self) -> dict[str, object]:
        p = self.query.period
        head: dict[str, object] = {
            "period": p.key, "since": p.since.isoformat() if p.since else None,
            "until": p.until.isoformat() if p.until else None,
            "building": self.query.building, "category": self.query.category,
            "communities": list(self.communities),
        }  # fmt: skip
        return head | {s.name: s.as_json() for s in self.sections}


@dataclass(frozen=True, slots=True)
class HourCount:
    """Requests posted, and done, in one UTC hour (the storage's buckets: the same on every dialect)."""

    hour: datetime  # the hour's start, UTC
    posted: int
    done: int


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    posted: int
    done: int


def per_day(hours: Iterable[HourCount], tz: ZoneInfo, since: datetime | None, until: datetime | None) -> list[DayCount]:
    """Hourly buckets folded into local days, every day of the span listed (zero when quiet).

    Whole hours fold exactly into local days for every zone whose offset is whole hours."""
    days: dict[date, list[int]] = {}
    for h in hours:
        counts = days.setdefault(h.hour.astimezone(tz).date(), [0, 0])
        counts[0] += h.posted
        counts[1] += h.done
    if not days and since is None:
        return []
    first = since.astimezone(tz).date() if since else min(days)
    last = (until - timedelta(microseconds=1)).astimezone(tz).date() if until else max([*days, first])
    span = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [DayCount(d, *days.get(d, [0, 0])) for d in span]
