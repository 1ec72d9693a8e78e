"""Availability and score of volunteers who are equally near a request.

This is the hot loop of matching (a district can hold 10,000 volunteers), so it is written
for speed: plain loops over slotted objects, no per-volunteer objects or function calls, and
the cheapest tests first. Only the best score classes of a bucket are ever scored.

Score parts are weighted so that the sum behaves like a lexicographic order:
  vetted (only when the request enters a home) > skill fit > load + rest + reliability.
VETTED_WEIGHT exceeds the largest possible spread of all other parts together, and
SKILL_WEIGHT exceeds that of load + rest + reliability, so no amount of rest or reliability
lets an unvetted volunteer overtake a vetted one into someone's home, or a non-nurse
overtake a nurse for a medical call. Within those, the soft parts trade off smoothly.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from handlers.domain import HourWindow
from handlers.matching.model import PART_NAMES, Candidate, MatchQuery, MatchSettings
from handlers.matching.skills import CATEGORY_SKILLS

__all__ = ["PART_NAMES", "Context", "Row", "available", "by_class", "score_into"]

SKILL_WEIGHT = 5.0  # has a skill that suits the category
LOAD_WEIGHT = 1.0  # minus the share of max_open_claims already taken, in [-1, 0]
REST_WEIGHT = 1.5  # minus the unexpired share of the rest window, in [-1.5, 0]
RELIABILITY_WEIGHT = 2.0  # times kept/(kept+released+expired) with a prior, in (0, 2)
VETTED_WEIGHT = 10.0  # vetted, when the request enters a home
# A newcomer counts as 2 kept out of 3 calls: trusted, but below someone with a long record.
PRIOR_KEPT = 2.0
PRIOR_TOTAL = 3.0
# What the load formula gives for no open claims (-1.0 * 0.0 is -0.0, which explain() shows).
_NO_LOAD = -LOAD_WEIGHT * 0.0

REASON_PAUSED = "paused"
REASON_BUSY = "at max open claims"
REASON_HOURS = "outside hours"
REASON_QUIET = "quiet hours"
# Availability reasons in the order they are reported when several apply.
REASONS = (REASON_PAUSED, REASON_BUSY, REASON_HOURS, REASON_QUIET)

PartValues = tuple[float, float, float, float, float]  # in PART_NAMES order
# (-score, user_id, position, reason, parts): sorting rows orders equally available volunteers;
# `position` is unique within one scoring so comparison never reaches reason or parts.
Row = tuple[float, int, int, str | None, PartValues]

_UNSEEN = object()  # no window object is this, so the first identity check always misses


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


def _any_open(hours: tuple[HourWindow, ...], moment: time) -> bool:
    return any(w.contains(moment) for w in hours)


def available(
    bucket: Sequence[Candidate], ctx: Context, community_ring_of: MatchQuery | None = None
) -> list[Candidate]:
    """The available candidates of a bucket, in bucket order; `exclude` is left to the caller.

    Whoever only needs the best few filters the exclusions from the few it scores: checking
    them here would cost a set lookup for each of thousands of available volunteers.

    With `community_ring_of`, `bucket` is every candidate and only those that query puts in the
    COMMUNITY ring count (places.ring_of, inlined). That ring is most of a district, and one
    pass that both places and checks is much cheaper than bucketing everyone first.
    """
    moment = ctx.moment
    respect_quiet = ctx.respect_quiet
    ring_filter = community_ring_of is not None
    community = community_ring_of.community if community_ring_of is not None else None
    compound = community_ring_of.compound if community_ring_of is not None else None
    out: list[Candidate] = []
    keep = out.append
    # Volunteers share window objects (DEFAULT_QUIET, registration presets, and storage's one
    # window per distinct text), so consecutive volunteers mostly repeat the last window: an
    # identity check then replaces the time comparisons. Other callers may build a window per
    # volunteer, so a miss must be cheap too: the quiet check is inlined, not HourWindow.contains.
    last_quiet: object = _UNSEEN
    quiet_blocks = False
    last_hours: object = _UNSEEN
    hours_block = False
    for candidate in bucket:
        v = candidate.volunteer
        if ring_filter:
            if community is not None and v.community != community:
                if not (v.also_serves and community in v.also_serves):
                    continue
            elif v.compound == compound:
                continue
        # The ring test is cheaper than a quiet check on a window loaded per row. Quiet comes
        # before paused and load: at night it turns away nearly everyone by itself.
        quiet = v.quiet
        if quiet is not last_quiet:
            last_quiet = quiet
            if quiet is None or not respect_quiet:
                quiet_blocks = False
            else:  # HourWindow.contains, inlined
                start = quiet.start
                end = quiet.end
                quiet_blocks = start <= moment < end if start <= end else (moment >= start or moment < end)
        if quiet_blocks:
            continue
        if v.paused or candidate.record.open_claims >= v.max_open_claims:
            continue
        hours = v.hours
        if hours:
            if hours is not last_hours:
                last_hours = hours
                hours_block = True
                for window in hours:  # HourWindow.contains, inlined like the quiet check
                    start = window.start
                    end = window.end
                    if start <= moment < end if start <= end else (moment >= start or moment < end):
                        hours_block = False
                        break
            if hours_block:
                continue
        keep(candidate)
    return out


def by_class(members: list[Candidate], ctx: Context) -> Iterator[list[Candidate]]:
    """`members` split into score classes, best first, each split made only when asked for.

    A class is (vetted, skill fit), and the weights make every member of a class outscore every
    member of a later one: vetted and fits, vetted, fits, neither (vetted counts only for a
    request that enters a home). The best few of a big bucket are nearly always in the first.
    """
    wanted = ctx.wanted
    for tier in _vetted_first(members, ctx.enters_home):
        if wanted:
            yield [c for c in tier if not wanted.isdisjoint(c.volunteer.skills)]
            yield [c for c in tier if wanted.isdisjoint(c.volunteer.skills)]
        else:
            yield tier


def _vetted_first(members: list[Candidate], enters_home: bool) -> Iterator[list[Candidate]]:
    if enters_home:
        yield [c for c in members if c.volunteer.vetted]
        yield [c for c in members if not c.volunteer.vetted]
    else:
        yield members


def score_into(
    rows: list[Row],
    candidates: Sequence[Candidate],
    ctx: Context,
    reasons: Sequence[str] | None = None,
) -> None:
    """Append one row per candidate; `reasons` is aligned with `candidates`, None if available.

    Each part is computed exactly as documented (same operations, same order), so a score
    does not depend on which caller computed it.
    """
    wanted = ctx.wanted
    enters_home = ctx.enters_home
    cutoff = ctx.rest_cutoff
    rest_seconds = ctx.rest_seconds
    append = rows.append
    position = len(rows)
    for i, candidate in enumerate(candidates):
        v = candidate.volunteer
        r = candidate.record
        skill = SKILL_WEIGHT if wanted and not wanted.isdisjoint(v.skills) else 0.0
        claims = r.open_claims
        if claims == 0:
            load = _NO_LOAD
        else:  # -LOAD_WEIGHT * min(1.0, claims / max(1, most)), without two builtin calls
            most = v.max_open_claims
            share = claims / (most if most > 1 else 1)
            load = -LOAD_WEIGHT * (share if share < 1.0 else 1.0)
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
        append(
            (
                -(skill + load + rest + reliability + vetted),
                v.user_id,
                position + i,
                None if reasons is None else reasons[i],
                (skill, load, rest, reliability, vetted),
            )
        )
