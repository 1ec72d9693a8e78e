"""The report's first sections (the totals, both medians, per building and per category) in few
passes over the period's rows, each read from the covering index `ix_requests_report`.

- One pass of sums (no GROUP BY) gives the counts and how many durations each median is taken
  over; the breakdowns, a few dozen groups each, come from one GROUP BY building and one GROUP BY
  category (SQLite), or from one pass of GROUPING SETS (PostgreSQL).
- Medians: on PostgreSQL in that same first pass (percentile_cont, sorted by the server); on
  SQLite, which has no percentile, each the middle one or two by ORDER BY … LIMIT 1|2 OFFSET k, the
  count already known from the first query (no count subquery, no window over the whole set).

The counts and the medians describe the same rows: SQLite's transaction holds the database
(BEGIN IMMEDIATE), and PostgreSQL takes counts and medians in one statement.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.domain import Status
from handlers.domain.figures import ByBuilding, ByCategory, Counts, Filter, Milestone, Tally, Totals
from storage.tables import RequestRow

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


def count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    # FILTER (SQLite ≥ 3.30, PostgreSQL): 0 over no rows, and on SQLite a third cheaper than sum(CASE …).
    return func.count().filter(condition)


def ranked_tallies(rows: Any) -> list[Tally]:
    """Most first, then by key, the missing key last; sorted here (a few dozen groups) so both
    dialects order ties alike, whatever PostgreSQL's collation."""
    tallies = [Tally(key, int(total), int(done)) for key, total, done in rows]
    return sorted(tallies, key=lambda t: (-t.total, t.key is None, t.key or ""))


def measured(milestone: Milestone) -> tuple[Any, Any, list[ColumnElement[bool]]]:
    """(start, end, which rows): to the first claim, of those claimed; to done, of those done."""
    if milestone == "claim":
        return _R.posted_at, _R.claimed_at, [_R.claimed_at.is_not(None)]
    return _R.posted_at, _R.closed_at, [_R.status == "done", _R.closed_at.is_not(None)]


class Durations:
    """Seconds between two of a request's moments, as each dialect computes them."""

    def __init__(self, postgres: bool) -> None:
        self.postgres = postgres

    def span(self, end: Any, start: Any) -> ColumnElement[Any]:
        """end - start: an interval on PostgreSQL (sorted as it is, faster than epoch numbers), days
        on SQLite (julianday); `seconds` converts."""
        difference: ColumnElement[Any] = end - start if self.postgres else func.julianday(end) - func.julianday(start)
        return difference

    def seconds(self, span: timedelta | float | None) -> float | None:
        if span is None:
            return None
        if isinstance(span, timedelta):
            return span.total_seconds()
        # julianday is a double of days: rounding to the millisecond removes its float noise.
        return round(float(span) * 86400.0, 3)


async def summary(session: AsyncSession, f: Filter, postgres: bool) -> tuple[Totals, ByBuilding, ByCategory]:
    where, durations = chosen(f), Durations(postgres)
    # Counts without a GROUP BY: SQLite groups by sorting every row, which costs more than the counts.
    known = [s.value for s in Status]
    totals = [
        func.count(), *(count_if(_R.status == s) for s in known), count_if(_R.ring >= 1), count_if(_R.ring >= 3),
        func.count(_R.claimed_at), count_if(and_(_R.status == "done", _R.closed_at.is_not(None))),
    ]  # fmt: skip
    if postgres:
        totals += medians(durations)
    row = (await session.execute(select(*totals).where(*where))).one()
    total, *per_status = (int(n) for n in row[: 1 + len(known)])
    escalated, to_secretaries, claimed, done = (int(n) for n in row[1 + len(known) : 5 + len(known)])
    counts = Counts(total, **dict(zip(known, per_status, strict=True)), escalated=escalated,
                    to_secretaries=to_secretaries)  # fmt: skip
    if postgres:
        to_claim, to_done = durations.seconds(row[-2]), durations.seconds(row[-1])
    else:
        to_claim = await middle(session, f, durations, "claim", claimed)
        to_done = await middle(session, f, durations, "done", done)
    by_building, by_category = await (grouped_sets if postgres else grouped_apart)(session, where)
    return Totals(counts, to_claim, to_done), ByBuilding(tuple(by_building)), ByCategory(tuple(by_category))


Tallies = tuple[list[Tally], list[Tally]]


async def grouped_apart(session: AsyncSession, where: list[ColumnElement[bool]]) -> Tallies:
    """Per building, per category: a GROUP BY each (SQLite has no grouping sets)."""
    found = []
    for column in (_R.building, _R.category):
        rows = await session.execute(
            select(column, func.count(), count_if(_R.status == "done")).where(*where).group_by(column)
        )
        found.append(ranked_tallies(rows))
    return found[0], found[1]


async def grouped_sets(session: AsyncSession, where: list[ColumnElement[bool]]) -> Tallies:
    """Per building and per category in one pass (PostgreSQL's GROUPING SETS); `grouping(building)`
    tells a building's row (0) from a category's (1), a missing building being NULL in both."""
    rows = await session.execute(
        select(func.grouping(_R.building), _R.building, _R.category, func.count(), count_if(_R.status == "done"))
        .where(*where)
        .group_by(func.grouping_sets(_R.building, _R.category))
    )
    buildings: list[tuple[str | None, int, int]] = []
    categories: list[tuple[str | None, int, int]] = []
    for by_category, building, category, n, done in rows:
        (categories if by_category else buildings).append((category if by_category else building, n, done))
    return ranked_tallies(buildings), ranked_tallies(categories)


def medians(durations: Durations) -> list[ColumnElement[Any]]:
    """Both medians as aggregates of one pass (PostgreSQL): percentile_cont(0.5) is the middle value,
    or the mean of the middle two."""
    found: list[ColumnElement[Any]] = []
    for milestone in ("claim", "done"):
        start, end, only = measured(milestone)
        found.append(func.percentile_cont(0.5).within_group(durations.span(end, start)).filter(*only))
    return found


async def middle(session: AsyncSession, f: Filter, durations: Durations, milestone: Milestone, n: int) -> float | None:
    """The median of `n` durations (SQLite): the middle one (n odd) or the mean of the middle two."""
    if n <= 0:
        return None
    start, end, only = measured(milestone)
    picked = (
        select(durations.span(end, start).label("d"))
        .where(*chosen(f), *only)
        .order_by(literal_column("d"))
        .limit(2 - n % 2)
        .offset((n - 1) // 2)
        .subquery()
    )
    return durations.seconds(await session.scalar(select(func.avg(picked.c.d))))


async def median_seconds(session: AsyncSession, f: Filter, milestone: Milestone, postgres: bool) -> float | None:
    durations = Durations(postgres)
    if postgres:
        claim, done = (await session.execute(select(*medians(durations)).where(*chosen(f)))).one()
        return durations.seconds(claim if milestone == "claim" else done)
    _, _, only = measured(milestone)
    n = await session.scalar(select(func.count()).where(*chosen(f), *only))
    return await middle(session, f, durations, milestone, int(n or 0))
