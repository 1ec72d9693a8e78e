"""FigureStore on SQL: each figure an aggregate query over the filtered requests, on SQLite and PostgreSQL.

The report's totals, medians and breakdowns come together from figures_summary.py (fewest passes).
Durations, medians and hour buckets are the only dialect-specific parts. The covering index
`ix_requests_report` (storage/tables_reports.py) answers the month's figures from the index alone.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Executable, Select, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.domain import Event, EventType, Request
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
from storage.repositories._request_rows import to_domain
from storage.repositories.figures_summary import chosen, count_if, median_seconds, ranked_tallies, summary
from storage.tables import ClaimRow, EventRow, RequestRow

ACTIVE = ("open", "claimed")
Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])
EVENT_TYPES = {t.value: t for t in EventType}  # a dict lookup: EventType(value) took 4 µs a row
_R = RequestRow


class SqlFigureStore:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    @property
    def _postgres(self) -> bool:
        return self._s.sync_session.get_bind().dialect.name == "postgresql"

    async def summary(self, f: Filter) -> tuple[Totals, ByBuilding, ByCategory]:
        return await summary(self._s, f, self._postgres)

    async def counts(self, f: Filter) -> Counts:
        rows = await self._s.execute(
            select(_R.status, func.count(), count_if(_R.ring >= 1), count_if(_R.ring >= 3))
            .where(*chosen(f))
            .group_by(_R.status)
        )
        statuses: dict[str, int] = {}
        escalated = to_secretaries = 0
        for status, n, esc, sec in rows:
            statuses[status] = int(n)
            escalated += int(esc)
            to_secretaries += int(sec)
        return Counts.of_statuses(statuses, escalated, to_secretaries)

    async def median_seconds(self, f: Filter, milestone: Milestone) -> float | None:
        return await median_seconds(self._s, f, milestone, self._postgres)

    async def breakdown(self, f: Filter, by: Dimension) -> list[Tally]:
        column = _R.building if by == "building" else _R.category
        rows = await self._s.execute(
            select(column, func.count(), count_if(_R.status == "done")).where(*chosen(f)).group_by(column)
        )
        return ranked_tallies(rows)

    async def helpers(self, f: Filter, limit: int) -> list[Helper]:
        done = func.count().label("done")
        query = (
            select(func.max(ClaimRow.name), done)
            .join(_R, _R.id == ClaimRow.request_id)
            .where(*chosen(f), ClaimRow.status == "done")
            .group_by(ClaimRow.user_id)
            .order_by(done.desc(), ClaimRow.user_id)
            .limit(limit)
        )
        rows = await self._s.execute(within_ids(query, f) if self._postgres else query)
        return [Helper(name, int(n)) for name, n in rows]

    async def waiting(self, f: Filter, limit: int) -> list[Waiting]:
        rows = await self._s.execute(
            select(_R.id, _R.building, _R.category, _R.status, _R.posted_at)
            .where(*chosen(f), _R.status.in_(ACTIVE))
            .order_by(_R.posted_at, _R.id)
            .limit(limit)
        )
        return [Waiting(*row) for row in rows]

    async def hourly(self, f: Filter) -> list[HourCount]:
        if self._postgres:
            bucket = func.date_trunc("hour", _R.posted_at.op("AT TIME ZONE")(literal_column("'UTC'")))
        else:
            bucket = func.strftime("%Y-%m-%d %H:00:00", _R.posted_at)
        rows = await self._s.execute(
            select(bucket, func.count(), count_if(_R.status == "done"))
            .where(*chosen(f))
            .group_by(bucket)
            .order_by(bucket)
        )
        return [HourCount(_utc(hour), int(posted), int(done)) for hour, posted, done in rows]

    async def _core(self, query: Executable) -> Any:
        """Core rows through the session's connection: an export reads tens of thousands, and the
        ORM's row loading (no objects made, still a pass per row) cost a third of their time."""
        return await (await self._s.connection()).execute(query)

    async def requests(self, f: Filter) -> list[Request]:
        rows = await self._core(select(*_R.__table__.columns).where(*chosen(f)).order_by(_R.posted_at, _R.id))
        return await to_domain(self._s, rows.all(), among=chosen(f))

    async def helped_by(self, f: Filter) -> dict[int, tuple[str, ...]]:
        query = (
            select(ClaimRow.request_id, ClaimRow.name)
            .join(_R, _R.id == ClaimRow.request_id)
            .where(*chosen(f), ClaimRow.status.in_(("active", "done")))
            .order_by(ClaimRow.request_id, ClaimRow.claimed_at, ClaimRow.id)
        )
        rows = await self._core(within_ids(query, f) if self._postgres else query)
        names: dict[int, list[str]] = defaultdict(list)
        for request_id, name in rows:
            names[request_id].append(name)
        return {k: tuple(v) for k, v in names.items()}

    async def events(self, f: Filter) -> list[Event]:
        rows = await self._core(
            select(EventRow.request_id, EventRow.type, EventRow.actor_id, EventRow.at)
            .join(_R, _R.id == EventRow.request_id)
            .where(*chosen(f))
            .order_by(EventRow.request_id, EventRow.at, EventRow.id)
        )
        return [Event(r, EVENT_TYPES[t], a, at) for r, t, a, at in rows]


def within_ids(query: Q, f: Filter) -> Q:
    """`query` (of claims joined to the filtered requests) also bounded by the requests' lowest and
    highest ids, which the join implies anyway: ids grow with posting, so a month's are one narrow
    range. For PostgreSQL, which otherwise hashes every claim ever made to join a month's; with
    the bounds it reads one range of ix_claims_report. `id + 0`: min(id) alone is planned as a
    walk along the primary key from its start, filtering every older row."""
    span = select(func.min(_R.id + 0).label("lo"), func.max(_R.id + 0).label("hi")).where(*chosen(f)).subquery()
    return query.join(span, ClaimRow.request_id.between(span.c.lo, span.c.hi))


def _utc(hour: datetime | str) -> datetime:
    moment = datetime.fromisoformat(hour) if isinstance(hour, str) else hour
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
