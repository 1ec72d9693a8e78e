"""The figure store computed from the fake store in memory: the same answers as the SQL aggregates
(tests/integration/test_figures.py holds them to it)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from statistics import median
from typing import TYPE_CHECKING

from handlers.domain import Event, Request, Status
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

if TYPE_CHECKING:
    from tests.fakes import FakeStore


def picked(f: Filter) -> Callable[[Request], bool]:
    def keep(r: Request) -> bool:
        return (
            r.community in f.communities
            and (f.since is None or r.posted_at >= f.since)
            and (f.until is None or r.posted_at < f.until)
            and (f.building is None or r.building == f.building)
            and (f.category is None or r.category == f.category)
        )

    return keep


class FakeFigureStore:
    def __init__(self, store: Callable[[], FakeStore]) -> None:
        self._store = store  # the unit of work's current copy

    def _chosen(self, f: Filter) -> list[Request]:
        rows = sorted(self._store().requests.values(), key=lambda r: (r.posted_at, r.id))
        return [r for r in rows if picked(f)(r)]

    async def summary(self, f: Filter) -> tuple[Totals, ByBuilding, ByCategory]:
        medians = await self.median_seconds(f, "claim"), await self.median_seconds(f, "done")
        totals = Totals(await self.counts(f), *medians)
        return (
            totals,
            ByBuilding(tuple(await self.breakdown(f, "building"))),
            ByCategory(tuple(await self.breakdown(f, "category"))),
        )

    async def counts(self, f: Filter) -> Counts:
        chosen = self._chosen(f)
        statuses = Counter(r.status.value for r in chosen)
        return Counts.of_statuses(dict(statuses), sum(r.ring >= 1 for r in chosen), sum(r.ring >= 3 for r in chosen))

    async def median_seconds(self, f: Filter, milestone: Milestone) -> float | None:
        chosen = self._chosen(f)
        if milestone == "claim":
            spans = [(r.claimed_at - r.posted_at).total_seconds() for r in chosen if r.claimed_at is not None]
        else:
            spans = [
                (r.closed_at - r.posted_at).total_seconds()
                for r in chosen
                if r.status is Status.DONE and r.closed_at is not None
            ]
        return float(median(spans)) if spans else None

    async def breakdown(self, f: Filter, by: Dimension) -> list[Tally]:
        totals: Counter[str | None] = Counter()
        done: Counter[str | None] = Counter()
        for r in self._chosen(f):
            key = r.building if by == "building" else r.category
            totals[key] += 1
            done[key] += r.status is Status.DONE
        tallies = [Tally(key, n, done[key]) for key, n in totals.items()]
        return sorted(tallies, key=lambda t: (-t.total, t.key is None, t.key or ""))

    async def helpers(self, f: Filter, limit: int) -> list[Helper]:
        ids = {r.id for r in self._chosen(f)}
        done: Counter[int] = Counter()
        names: dict[int, str] = {}
        for claim in self._store().claims:
            if claim.request_id in ids and claim.status == "done":
                done[claim.user_id] += 1
                names[claim.user_id] = max(names.get(claim.user_id, claim.name), claim.name)
        ranked = sorted(done.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [Helper(names[user_id], n) for user_id, n in ranked]

    async def waiting(self, f: Filter, limit: int) -> list[Waiting]:
        active = [r for r in self._chosen(f) if not r.status.is_final]
        return [Waiting(r.id, r.building, r.category, r.status.value, r.posted_at) for r in active[:limit]]

    async def hourly(self, f: Filter) -> list[HourCount]:
        buckets: dict[datetime, list[int]] = defaultdict(lambda: [0, 0])
        for r in self._chosen(f):
            hour = r.posted_at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
            buckets[hour][0] += 1
            buckets[hour][1] += r.status is Status.DONE
        return [HourCount(hour, posted, done) for hour, (posted, done) in sorted(buckets.items())]

    async def requests(self, f: Filter) -> list[Request]:
        store = self._store()
        return [found for r in self._chosen(f) if (found := store.request(r.id)) is not None]

    async def helped_by(self, f: Filter) -> dict[int, tuple[str, ...]]:
        ids = {r.id for r in self._chosen(f)}
        names: dict[int, list[str]] = defaultdict(list)
        for claim in sorted(self._store().claims, key=lambda c: (c.request_id, c.claimed_at)):
            if claim.request_id in ids and claim.status in ("active", "done"):
                names[claim.request_id].append(claim.name)
        return {k: tuple(v) for k, v in names.items()}

    async def events(self, f: Filter) -> list[Event]:
        ids = {r.id for r in self._chosen(f)}
        found = [(e.request_id, e.at, i, e) for i, e in enumerate(self._store().events) if e.request_id in ids]
        return [replace(e, detail={}) for *_, e in sorted(found, key=lambda t: (t[0], t[1], t[2]))]
