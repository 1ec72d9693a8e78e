"""Ranking volunteers for a request, and choosing whom to call.

Order (see docs/matching.md): ring (building, compound, community) → nearer building within the
ring → available before unavailable → score → user_id. Because nearness comes first, the
request's compound is first split into buckets of equal nearness, and the COMMUNITY ring (most
of a district, with no order inside) is gathered only by a caller that gets that far. Only the
buckets a caller needs are checked, and in those only the best score classes are scored. That
is what keeps 10,000 volunteers within a couple of milliseconds.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Sequence
from datetime import datetime

from handlers.domain import Grid, Ring
from handlers.matching.model import Candidate, MatchQuery, MatchSettings, Parts, Ranked, make_ranked
from handlers.matching.places import (
    buildings_nearest_first,
    community_members,
    compound_members,
    find_compound,
    ring_of,
)
from handlers.matching.reference import split_by_reason
from handlers.matching.scoring import Context, Row, available, by_class, score_into

# The types live in model.py and ring_of in places.py; re-exported so the whole matching API
# can be imported from this one module.
__all__ = [
    "Candidate",
    "MatchQuery",
    "MatchSettings",
    "Ranked",
    "choose_calls",
    "rank",
    "ring_of",
    "select_calls",
]

_DEFAULT_SETTINGS = MatchSettings()

Bucket = tuple[Ring, int, list[Candidate]]


def _compound_buckets(
    query: MatchQuery, candidates: Sequence[Candidate], grid: Grid
) -> list[Bucket]:
    """The BUILDING and COMPOUND rings split by nearness, nearest bucket first."""
    members = compound_members(query, candidates)
    if not members:
        return []
    order = buildings_nearest_first(find_compound(grid, query), query.building)
    # same[0]: the request's building; same[1..]: other buildings nearest first; same[-1]:
    # buildings the config does not list (or all of them, when there is no order).
    same: list[list[Candidate]] = [[] for _ in range(len(order) + 2)]
    bucket_of = {b: same[i + 1] for i, b in enumerate(order)}
    if query.building is not None:
        bucket_of[query.building] = same[0]
    unknown = same[-1]
    lookup = bucket_of.get
    for c in members:
        lookup(c.volunteer.building, unknown).append(c)
    buckets: list[Bucket] = []
    if query.building is not None:
        buckets.append((Ring.BUILDING, 0, same[0]))
    buckets.extend((Ring.COMPOUND, i, same[i]) for i in range(1, len(same)))
    return buckets


def _extend(
    out: list[Ranked], rows: Sequence[Row], ring: Ring, building_rank: int, available: bool
) -> None:
    out.extend(
        [
            make_ranked(uid, ring, available, reason, -neg_score, Parts(parts), building_rank)
            for neg_score, uid, _, reason, parts in rows
        ]
    )


def _ordered(rows: list[Row], need: int | None) -> list[Row]:
    """rows sorted, cut to `need`; nsmallest(n) == sorted()[:n] and is far cheaper for small n."""
    if need is None:
        rows.sort()
        return rows
    if need < len(rows) // 4:
        return heapq.nsmallest(need, rows)
    rows.sort()
    return rows[:need]


def _best_available(
    members: list[Candidate], ctx: Context, exclude: Collection[int], need: int
) -> list[Row]:
    """Sorted rows of the `need` best of the available `members` who are not excluded.

    Classes after the one that completes `need` are never scored (see scoring.by_class): in a
    community of thousands most volunteers never are.
    """
    rows: list[Row] = []
    groups = (members,) if len(members) <= need else by_class(members, ctx)
    for group in groups:
        if exclude:
            group = [c for c in group if c.volunteer.user_id not in exclude]
        score_into(rows, group, ctx)
        if len(rows) >= need:
            break
    return _ordered(rows, need)


def _context(
    query: MatchQuery, now: datetime, settings: MatchSettings, exclude: Collection[int]
) -> tuple[Context, Collection[int]]:
    ctx = Context.of(query, now, settings)
    excluded = exclude if isinstance(exclude, (set, frozenset)) else frozenset(exclude)
    return ctx, excluded


def rank(
    query: MatchQuery,
    candidates: Sequence[Candidate],
    grid: Grid,
    now: datetime,
    settings: MatchSettings = _DEFAULT_SETTINGS,
    exclude: Collection[int] = (),
    *,
    limit: int | None = None,
) -> list[Ranked]:
    """Every volunteer who serves the request's community, best first (fully deterministic).

    `now` is timezone-aware local time. `limit` returns exactly `rank(...)[:limit]`, scoring only
    the nearest buckets that can contain those; use it (or select_calls) on the hot path.
    """
    out: list[Ranked] = []
    if limit is not None and limit <= 0:
        return out
    ctx, excluded = _context(query, now, settings, exclude)
    # The COMMUNITY ring, most of a district, is only gathered if the limit reaches it.
    buckets: list[tuple[Ring, int, Sequence[Candidate] | None]] = [
        *_compound_buckets(query, candidates, grid),
        (Ring.COMMUNITY, 0, None),
    ]
    for ring, building_rank, bucket in buckets:
        if bucket is None:
            bucket = community_members(query, candidates)
        if not bucket:
            continue
        need = None if limit is None else limit - len(out)
        if need is not None:
            # Cheaper than reasons for everyone: a bucket usually has enough available people.
            rows = _best_available(available(bucket, ctx), ctx, excluded, need)
            _extend(out, rows, ring, building_rank, True)
            if len(rows) >= need:
                break
            need -= len(rows)
            _, unavailable, reasons = split_by_reason(bucket, ctx, excluded)
        else:
            ready, unavailable, reasons = split_by_reason(bucket, ctx, excluded)
            rows = []
            score_into(rows, ready, ctx)
            _extend(out, _ordered(rows, None), ring, building_rank, True)
        rows = []
        score_into(rows, unavailable, ctx, reasons)
        _extend(out, _ordered(rows, need), ring, building_rank, False)
        if limit is not None and len(out) >= limit:
            break
    return out


def choose_calls(
    ranked: Sequence[Ranked], k: int, from_ring: Ring, widest: bool = False
) -> list[Ranked]:
    """Whom to call: the k best available of the nearest ring >= from_ring that has anyone available.

    `widest` (emergencies) takes the k best available from every ring from `from_ring` up to
    COMMUNITY, nearest first. Availability is decided by rank(): quiet hours already count as
    available there for an emergency query, so this function need not know the query.
    `ranked` must be in rank() order.
    """
    if k <= 0:
        return []
    eligible = [r for r in ranked if r.available and from_ring <= r.ring <= Ring.COMMUNITY]
    if widest or not eligible:
        return eligible[:k]
    nearest = eligible[0].ring  # rank() order is nearest ring first
    return [r for r in eligible if r.ring == nearest][:k]


def select_calls(
    query: MatchQuery,
    candidates: Sequence[Candidate],
    grid: Grid,
    now: datetime,
    k: int,
    from_ring: Ring = Ring.BUILDING,
    *,
    widest: bool = False,
    settings: MatchSettings = _DEFAULT_SETTINGS,
    exclude: Collection[int] = (),
) -> list[Ranked]:
    """`choose_calls(rank(...), k, from_ring, widest)`, without ranking everyone: the bot's hot path.

    Stops at the first bucket that completes the call list, and never scores the unavailable.
    """
    chosen: list[Ranked] = []
    if k <= 0:
        return chosen
    ctx, excluded = _context(query, now, settings, exclude)
    if from_ring <= Ring.COMPOUND:
        for ring, building_rank, bucket in _compound_buckets(query, candidates, grid):
            if ring < from_ring or not bucket:
                continue
            if chosen and not widest and ring != chosen[0].ring:
                return chosen  # the nearest ring with anyone available is done
            need = k - len(chosen)
            rows = _best_available(available(bucket, ctx), ctx, excluded, need)
            _extend(chosen, rows, ring, building_rank, True)
            if len(chosen) >= k:
                return chosen
    if from_ring <= Ring.COMMUNITY and (widest or not chosen):
        # One pass both finds the ring's members and checks them: that ring is most of a district.
        members = available(candidates, ctx, community_ring_of=query)
        rows = _best_available(members, ctx, excluded, k - len(chosen))
        _extend(chosen, rows, Ring.COMMUNITY, 0, True)
    return chosen
