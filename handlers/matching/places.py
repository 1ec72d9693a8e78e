"""Rings and nearness: which volunteers are close to a request, from the configured grid."""

from __future__ import annotations

import math
from collections.abc import Sequence

from handlers.domain import Compound, Grid, Ring, Volunteer
from handlers.matching.model import Candidate, MatchQuery


def ring_of(query: MatchQuery, volunteer: Volunteer) -> Ring | None:
    """How far the volunteer is from the request; None if they do not serve its community.

    A volunteer registered in another community who also serves this one (双报到) counts in
    ring COMMUNITY, never closer: we only know where they live, not where they work.
    """
    if query.community is not None and volunteer.community != query.community:
        return Ring.COMMUNITY if query.community in volunteer.also_serves else None
    if query.compound is None or volunteer.compound != query.compound:
        return Ring.COMMUNITY
    if query.building is not None and volunteer.building == query.building:
        return Ring.BUILDING
    return Ring.COMPOUND


# The two passes below are ring_of inlined (a test checks they agree): they touch every
# candidate, and a function call per candidate would double their cost.


def compound_members(query: MatchQuery, candidates: Sequence[Candidate]) -> list[Candidate]:
    """The candidates in the query's BUILDING or COMPOUND ring, in input order."""
    compound = query.compound
    community = query.community
    if compound is None:
        return []
    if community is None:
        return [c for c in candidates if c.volunteer.compound == compound]
    # The compound test first: it rejects more, and compound names repeat across communities.
    return [c for c in candidates if (v := c.volunteer).compound == compound and v.community == community]


def community_members(query: MatchQuery, candidates: Sequence[Candidate]) -> list[Candidate]:
    """The candidates in the query's COMMUNITY ring, in input order."""
    compound = query.compound
    community = query.community
    if community is None:
        if compound is None:
            return list(candidates)
        return [c for c in candidates if c.volunteer.compound != compound]
    return [
        c
        for c in candidates
        if (
            v.compound != compound
            if (v := c.volunteer).community == community
            else bool(v.also_serves) and community in v.also_serves
        )
    ]


def find_compound(grid: Grid, query: MatchQuery) -> Compound | None:
    if query.compound is None:
        return None
    for community in grid.communities:
        if query.community is not None and community.name != query.community:
            continue
        for compound in community.compounds:
            if compound.name == query.compound:
                return compound
    return None


def buildings_nearest_first(compound: Compound | None, building: str | None) -> list[str]:
    """The compound's other buildings, nearest to `building` first.

    Coordinates win where the config has them for the request's building; buildings without
    coordinates then follow in list order. Without coordinates the list order of
    `Compound.buildings` stands for walking order, so nearness is the distance in that list.
    An unknown request building gives no order at all (empty list: every building is equal).
    """
    if compound is None or building is None or building not in compound.buildings:
        return []
    index = {b: i for i, b in enumerate(compound.buildings)}
    others = [b for b in compound.buildings if b != building]
    here = compound.coordinates.get(building)
    if here is not None:
        placed = [b for b in others if b in compound.coordinates]
        unplaced = [b for b in others if b not in compound.coordinates]
        placed.sort(key=lambda b: (_distance(here, compound.coordinates[b]), index[b]))
        return placed + unplaced
    me = index[building]
    return sorted(others, key=lambda b: (abs(index[b] - me), index[b]))


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])
