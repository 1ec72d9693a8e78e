"""FigureStore on SQL: each figure one aggregate query over the filtered requests, on SQLite and PostgreSQL.

Medians sort the filtered durations once and keep the middle one or two (ORDER BY … LIMIT …
OFFSET, the count a subquery), so only the answer leaves the database. Durations and hour buckets are the
only dialect-specific expressions. The covering index `ix_requests_report` (storage/tables_reports.py)
lets SQLite answer the month's figures from the index alone.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.domain import Event, EventType, Request
from handlers.domain.figures import Counts, Dimension, Filter, Helper, HourCount, Milestone, Tally, Waiting
from storage.repositories._request_rows import to_domain
from storage.tables import ClaimRow, EventRow, RequestRow

ACTIVE = ("open", "claimed")
_R = RequestRow


def chosen(f: Filter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [_R.community.in_(f.communities)]
    if f.since is not None:
        where.append(_R.posted_at >= f.since)
    if f.until is not None:
        where.append(_R.posted_at < f.until)
    if f.building is not None:
        where.append(_R.building == f.building)
    if f.category is not None:
        where.append(_R.category == f.category)
    return where


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def ranked_tallies(rows: Any) -> list[Tally]:
    """Most first, then by key, the missing key last; sorted here (a few dozen groups) so both
    dialects order ties alike, whatever PostgreSQL's collation."""
    tallies = [Tally(key, int(total), int(done)) for key, total, done in rows]
    return sorted(tallies, key=lambda t: (-t.total, t.key is None, t.key or ""))


class SqlFigureStore:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    @property
    def _postgres(self) -> bool:
        return self._s.sync_session.get_bind().dialect.name == "postgresql"

    def _span(self, end: Any, start: Any) -> ColumnElement[Any]:
        """end - start: seconds on PostgreSQL, days on SQLite (julianday; `_seconds` converts)."""
        if self._postgres:
            return func.extract("epoch", end - start)
        return func.julianday(end) - func.julianday(start)

    def _seconds(self, span: float) -> float:
        # julianday is a double of days: rounding to the millisecond removes its float noise.
        return span if self._postgres else round(span * 86400.0, 3)

    async def counts(self, f: Filter) -> Counts:
        rows = await self._s.execute(
            select(_R.status, func.count(), _count_if(_R.ring >= 1), _count_if(_R.ring >= 3))
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
        start, end = _R.posted_at, _R.claimed_at if milestone == "claim" else _R.closed_at
        only = [end.is_not(None)] if milestone == "claim" else [_R.status == "done", end.is_not(None)]
        n = select(func.count()).where(*chosen(f), *only).scalar_subquery()
        # The middle one (n odd) or two (n even) by ORDER BY … LIMIT … OFFSET: one sort, no window.
        middle = (
            select(self._span(end, start).label("d"))
            .where(*chosen(f), *only)
            .order_by(literal_column("d"))
            .limit(2 - n % 2)
            .offset((n - 1) // 2)
            .subquery()
        )
        value = await self._s.scalar(select(func.avg(middle.c.d)))
        return None if value is None else self._seconds(float(value))

    async def breakdown(self, f: Filter, by: Dimension) -> list[Tally]:
        column = _R.building if by == "building" else _R.category
        rows = await self._s.execute(
            select(column, func.count(), _count_if(_R.status == "done")).where(*chosen(f)).group_by(column)
        )
        return ranked_tallies(rows)

    async def helpers(self, f: Filter, limit: int) -> list[Helper]:
        done = func.count().label("done")
        rows = await self._s.execute(
            select(func.max(ClaimRow.name), done)
            .join(_R, _R.id == ClaimRow.request_id)
            .where(*chosen(f), ClaimRow.status == "done")
            .group_by(ClaimRow.user_id)
            .order_by(done.desc(), ClaimRow.user_id)
            .limit(limit)
        )
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
            select(bucket, func.count(), _count_if(_R.status == "done"))
            .where(*chosen(f))
            .group_by(bucket)
            .order_by(bucket)
        )
        return [HourCount(_utc(hour), int(posted), int(done)) for hour, posted, done in rows]

    async def requests(self, f: Filter) -> list[Request]:
        # Core rows, not ORM objects: an export reads thousands, and keeps none in the session.
        rows = await self._s.execute(select(*_R.__table__.columns).where(*chosen(f)).order_by(_R.posted_at, _R.id))
        return await to_domain(self._s, rows.all(), among=chosen(f))

    async def helped_by(self, f: Filter) -> dict[int, tuple[str, ...]]:
        rows = await self._s.execute(
            select(ClaimRow.request_id, ClaimRow.name)
            .join(_R, _R.id == ClaimRow.request_id)
            .where(*chosen(f), ClaimRow.status.in_(("active", "done")))
            .order_by(ClaimRow.request_id, ClaimRow.claimed_at, ClaimRow.id)
        )
        names: dict[int, list[str]] = defaultdict(list)
        for request_id, name in rows:
            names[request_id].append(name)
        return {k: tuple(v) for k, v in names.items()}

    async def events(self, f: Filter) -> list[Event]:
        rows = await self._s.execute(
            select(EventRow.request_id, EventRow.type, EventRow.actor_id, EventRow.at)
            .join(_R, _R.id == EventRow.request_id)
            .where(*chosen(f))
            .order_by(EventRow.request_id, EventRow.at, EventRow.id)
        )
        return [Event(r, EventType(t), a, at) for r, t, a, at in rows]


def _utc(hour: datetime | str) -> datetime:
    moment = datetime.fromisoformat(hour) if isinstance(hour, str) else hour
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
