"""Availability and score of volunteers who are equally near a request.

This is the hot loop of matching (a district can hold 10,000 volunteers), so it is written
for speed: one plain loop, no per-volunteer dicts or objects, window checks memoised by
object identity (most volunteers share the default quiet window and empty hours).

Score parts are weighted so that the sum behaves like a lexicographic order:
  vetted (only when the request enters a home) > skill fit > load + rest + reliability.
VETTED_WEIGHT exceeds the largest possible spread of all other parts together, and
SKILL_WEIGHT exceeds that of load + rest + reliability, so no amount of rest or reliability
lets an unvetted volunteer overtake a vetted one into someone's home, or a non-nurse
overtake a nurse for a medical call. Within those, the soft parts trade off smoothly.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from handlers.domain import HourWindow
from handlers.matching.model import Candidate, MatchQuery, MatchSettings
from handlers.matching.skills import CATEGORY_SKILLS

SKILL_WEIGHT = 5.0  # has a skill that suits the category
LOAD_WEIGHT = 1.0  # minus the share of max_open_claims already taken, in [-1, 0]
REST_WEIGHT = 1.5  # minus the unexpired share of the rest window, in [-1.5, 0]
RELIABILITY_WEIGHT = 2.0  # times kept/(kept+released+expired) with a prior, in (0, 2)
VETTED_WEIGHT = 10.0  # vetted, when the request enters a home
# A newcomer counts as 2 kept out of 3 calls: trusted, but below someone with a long record.
PRIOR_KEPT = 2.0
PRIOR_TOTAL = 3.0

PART_NAMES: tuple[str, ...] = ("skill", "load", "rest", "reliability", "vetted")

REASON_PAUSED = "paused"
REASON_BUSY = "at max open claims"
REASON_HOURS = "outside hours"
REASON_QUIET = "quiet hours"

Parts = tuple[float, float, float, float, float]
# (unavailable, -score, user_id, position, reason, candidate, parts): sorting rows orders a
# bucket; `position` is unique within a bucket so comparison never reaches the candidate.
Row = tuple[bool, float, int, int, str | None, Candidate, Parts]


@dataclass(frozen=True, slots=True)
class Context:
    """Everything about the request and the moment that every volunteer is compared against."""

    moment: time
    wanted: frozenset[str]
    enters_home: bool
    respect_quiet: bool
    rest_cutoff: datetime
    rest_seconds: float

    @classmethod
    def of(cls, query: MatchQuery, now: datetime, settings: MatchSettings) -> Context:
        if now.tzinfo is None:
            # Hours are local wall-clock times and last_called_at comes from storage as an
            # aware datetime: a naive `now` would silently compare the wrong clocks.
            raise ValueError("`now` must be timezone-aware local time")
        rest = max(0, settings.rest_minutes) * 60.0
        return cls(
            moment=now.time(),
            wanted=CATEGORY_SKILLS.get(query.category, frozenset()),
            enters_home=query.enters_home,
            respect_quiet=not (query.emergency and settings.quiet_overridden_by_emergency),
            rest_cutoff=now - timedelta(seconds=rest),
            rest_seconds=rest,
        )


def split_available(
    bucket: Sequence[Candidate],
    ctx: Context,
    exclude: Collection[int],
    memo: dict[int, bool],
    unavailable: list[tuple[Candidate, str]] | None,
) -> list[Candidate]:
    """The available candidates of a bucket; the others go to `unavailable` with a reason if given.

    `memo` maps id(window or hours tuple) → "open now"; the caller keeps it for one call only,
    while the candidates (and so the ids) are alive.
    """
    moment = ctx.moment
    respect_quiet = ctx.respect_quiet
    available: list[Candidate] = []
    keep = available.append
    for candidate in bucket:
        v = candidate.volunteer
        if v.user_id in exclude:
            continue
        reason: str | None = None
        if v.paused:
            reason = REASON_PAUSED
        elif candidate.record.open_claims >= v.max_open_claims:
            reason = REASON_BUSY
        else:
            hours = v.hours
            if hours:
                inside = memo.get(id(hours))
                if inside is None:
                    inside = memo[id(hours)] = any(w.contains(moment) for w in hours)
                if not inside:
                    reason = REASON_HOURS
            if reason is None and respect_quiet:
                quiet: HourWindow | None = v.quiet
                if quiet is not None:
                    inside = memo.get(id(quiet))
                    if inside is None:
                        inside = memo[id(quiet)] = quiet.contains(moment)
                    if inside:
                        reason = REASON_QUIET
        if reason is None:
            keep(candidate)
        elif unavailable is not None:
            unavailable.append((candidate, reason))
    return available


def score_into(
    rows: list[Row], candidates: Sequence[Candidate], ctx: Context, reason: str | None
) -> None:
    """Append one row per candidate; every candidate here shares the same availability."""
    wanted = ctx.wanted
    enters_home = ctx.enters_home
    cutoff = ctx.rest_cutoff
    rest_seconds = ctx.rest_seconds
    unavailable = reason is not None
    append = rows.append
    position = len(rows)
    for candidate in candidates:
        v = candidate.volunteer
        r = candidate.record
        skill = SKILL_WEIGHT if wanted and not wanted.isdisjoint(v.skills) else 0.0
        load = -LOAD_WEIGHT * min(1.0, r.open_claims / max(1, v.max_open_claims))
        last = r.last_called_at
        if last is None or last <= cutoff or rest_seconds == 0.0:
            rest = 0.0
        else:
            rest = -REST_WEIGHT * min(1.0, (last - cutoff).total_seconds() / rest_seconds)
        kept = r.kept
        reliability = (
            RELIABILITY_WEIGHT * (kept + PRIOR_KEPT) / (kept + r.released + r.expired + PRIOR_TOTAL)
        )
        vetted = VETTED_WEIGHT if enters_home and v.vetted else 0.0
        score = skill + load + rest + reliability + vetted
        append(
            (
                unavailable,
                -score,
                v.user_id,
                position,
                reason,
                candidate,
                (skill, load, rest, reliability, vetted),
            )
        )
        position += 1


def evaluate(
    bucket: Sequence[Candidate], ctx: Context, exclude: Collection[int], memo: dict[int, bool]
) -> list[Row]:
    """Rows for every candidate of one bucket of equally near candidates, unsorted."""
    unavailable: list[tuple[Candidate, str]] = []
    available = split_available(bucket, ctx, exclude, memo, unavailable)
    rows: list[Row] = []
    score_into(rows, available, ctx, None)
    for candidate, reason in unavailable:
        score_into(rows, (candidate,), ctx, reason)
    return rows


def best_available(
    bucket: Sequence[Candidate],
    ctx: Context,
    exclude: Collection[int],
    memo: dict[int, bool],
    need: int,
) -> list[Row]:
    """Rows that include the `need` best available candidates of a bucket (and maybe more), unsorted.

    The weights make (vetted, skill fit) a strict class order, so only the best classes need the
    costly soft-part scoring: in a community of thousands most volunteers are never scored.
    """
    available = split_available(bucket, ctx, exclude, memo, None)
    if len(available) <= need:
        rows: list[Row] = []
        score_into(rows, available, ctx, None)
        return rows
    wanted = ctx.wanted
    by_vetted = ctx.enters_home
    # class 3: vetted and fits; 2: vetted; 1: fits; 0: neither (vetted counts only into homes).
    classes: list[list[Candidate]] = [[], [], [], []]
    for candidate in available:
        v = candidate.volunteer
        fits = 1 if wanted and not wanted.isdisjoint(v.skills) else 0
        classes[(2 if by_vetted and v.vetted else 0) + fits].append(candidate)
    rows = []
    for members in reversed(classes):
        score_into(rows, members, ctx, None)
        if len(rows) >= need:
            break
    return rows
