"""choose_calls / select_calls: whom the bot calls, and explain()."""

from __future__ import annotations

import random
import subprocess
import sys
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from handlers.domain import Ring
from handlers.matching import (
    MatchQuery,
    MatchSettings,
    Ranked,
    choose_calls,
    explain,
    rank,
    ring_of,
    select_calls,
)
from handlers.matching.places import community_members, compound_members
from handlers.matching.scoring import Context, available
from tests.unit.matching_helpers import DAY, GRID, NIGHT, cand, population

Q = MatchQuery.of("repair", "1", "A", "思明")

# building 1: one paused, two available; compound: two available; community: one available.
CROWD = [
    cand(1, paused=True),
    cand(2),
    cand(3, kept=5),
    cand(4, "2"),
    cand(5, "3"),
    cand(6, "1", "B"),
]

CALLS = [
    pytest.param(2, Ring.BUILDING, False, (), [3, 2], id="building-ring-best-first"),
    pytest.param(5, Ring.BUILDING, False, (), [3, 2], id="k-larger-stays-in-nearest-ring"),
    pytest.param(1, Ring.BUILDING, False, (), [3], id="k-limit"),
    pytest.param(0, Ring.BUILDING, False, (), [], id="k-zero"),
    pytest.param(5, Ring.COMPOUND, False, (), [4, 5], id="from-compound-skips-building"),
    pytest.param(5, Ring.BUILDING, False, (2, 3), [4, 5], id="nobody-left-in-building:next-ring"),
    pytest.param(5, Ring.BUILDING, False, (2, 3, 4, 5), [6], id="falls-through-to-community"),
    pytest.param(5, Ring.COMMUNITY, False, (6,), [], id="nobody-available-anywhere"),
    pytest.param(4, Ring.BUILDING, True, (), [3, 2, 4, 5], id="widest-spans-rings-nearest-first"),
    pytest.param(9, Ring.COMPOUND, True, (), [4, 5, 6], id="widest-from-compound"),
    pytest.param(3, Ring.SECRETARY, True, (), [], id="secretary-ring-has-no-volunteers"),
]


@pytest.mark.parametrize(("k", "from_ring", "widest", "exclude", "expected"), CALLS)
def test_calls(
    k: int, from_ring: Ring, widest: bool, exclude: tuple[int, ...], expected: list[int]
) -> None:
    ranked = rank(Q, CROWD, GRID, DAY, exclude=exclude)
    assert [r.user_id for r in choose_calls(ranked, k, from_ring, widest)] == expected
    fast = select_calls(Q, CROWD, GRID, DAY, k, from_ring, widest=widest, exclude=exclude)
    assert [r.user_id for r in fast] == expected


def test_choose_calls_never_returns_the_unavailable() -> None:
    ranked = rank(Q, [cand(1, paused=True), cand(2, "2")], GRID, DAY)
    assert [r.user_id for r in choose_calls(ranked, 3, Ring.BUILDING)] == [2]


def test_emergency_calls_wake_quiet_neighbours_but_ordinary_requests_do_not() -> None:
    crowd = [cand(1), cand(2, "2"), cand(3, "2", quiet=None)]
    ordinary = select_calls(Q, crowd, GRID, NIGHT, 3)
    assert [r.user_id for r in ordinary] == [3]
    emergency = MatchQuery.of("safety", "1", "A", "思明", emergency=True)
    widest = select_calls(emergency, crowd, GRID, NIGHT, 3, widest=True)
    assert [r.user_id for r in widest] == [1, 2, 3]


QUERIES = [
    MatchQuery.of("medical", "1", "A", "思明"),
    MatchQuery.of("tech", "3", "B", "思明", urgent=True),
    MatchQuery.of("safety", "2", "A", "思明", emergency=True),
    MatchQuery.of("errand", None, "A", "思明"),
    MatchQuery.of("legal", "1", None, "思明"),
]


@pytest.mark.parametrize("now", [DAY, NIGHT, DAY.replace(hour=19)], ids=["day", "night", "evening"])
@pytest.mark.parametrize("query", QUERIES, ids=[q.category for q in QUERIES])
@pytest.mark.parametrize("seed", range(4))
def test_select_calls_equals_choose_calls_of_rank(
    seed: int, query: MatchQuery, now: datetime
) -> None:
    crowd = population(seed)
    exclude = {c.volunteer.user_id for c in crowd[::7]}
    ranked = rank(query, crowd, GRID, now, exclude=exclude)
    for ring in (Ring.BUILDING, Ring.COMPOUND, Ring.COMMUNITY):
        for k in (1, 3, 8, 40):
            for widest in (False, True):
                expected = choose_calls(ranked, k, ring, widest)
                got = select_calls(query, crowd, GRID, now, k, ring, widest=widest, exclude=exclude)
                assert got == expected, (ring, k, widest)


# Shared and per-volunteer window objects, quiet-hour edges, emergencies with and without the
# quiet override, exclusions of every collection type, also_serves from two communities,
# coordinates (思明/B) and unknown places: select_calls takes shortcuts that rank() does not.
WIDE_QUERIES = [
    MatchQuery.of("medical", "1", "B", "思明"),
    MatchQuery.of("medical", "1", "B", "思明", emergency=True),
    MatchQuery.of("repair", "9", "A", "思明", emergency=True),
    MatchQuery.of("laundry", "2", "A", "思明"),
    MatchQuery.of("pet", "3", "B", "思明", enters_home=False),
    MatchQuery.of("errand", "1", "A", None),
    MatchQuery.of("tech", None, None, "思明"),
    MatchQuery.of("legal", "1", "A", "集美", urgent=True),
    MatchQuery.of("other", None, None, None, emergency=True),
]
MOMENTS = [DAY.replace(hour=h, minute=m) for h, m in ((7, 0), (6, 59), (22, 0), (21, 59), (1, 0), (12, 0))]
SETTINGS = [MatchSettings(), MatchSettings(rest_minutes=0, quiet_overridden_by_emergency=False)]


@pytest.mark.parametrize("query", WIDE_QUERIES, ids=[f"{q.category}-{i}" for i, q in enumerate(WIDE_QUERIES)])
@pytest.mark.parametrize("seed", range(3))
def test_select_calls_equals_choose_calls_of_rank_widely(seed: int, query: MatchQuery) -> None:
    rnd = random.Random(seed)
    for fresh in (False, True):
        crowd = population(seed, rnd.choice([40, 400]), fresh_windows=fresh)
        ids = [c.volunteer.user_id for c in crowd]
        for now in MOMENTS:
            settings = rnd.choice(SETTINGS)
            chosen = rnd.sample(ids, rnd.randint(0, len(ids) // 2))
            exclude = rnd.choice([set(chosen), frozenset(chosen), chosen, tuple(chosen)])
            ranked = rank(query, crowd, GRID, now, settings, exclude)
            for limit in (1, 4, 25, len(ranked) + 1):
                limited = rank(query, crowd, GRID, now, settings, exclude, limit=limit)
                assert limited == ranked[:limit], limit
            for ring in Ring:
                for k in (1, 2, 6, 50):
                    for widest in (False, True):
                        expected = choose_calls(ranked, k, ring, widest)
                        got = select_calls(
                            query, crowd, GRID, now, k, ring,
                            widest=widest, settings=settings, exclude=exclude,
                        )
                        assert got == expected, (fresh, now, ring, k, widest)


@pytest.mark.parametrize("seed", range(4))
def test_community_pass_agrees_with_ring_of(seed: int) -> None:
    crowd = population(seed, fresh_windows=True)
    for query in WIDE_QUERIES:
        ctx = Context.of(query, DAY, MatchSettings())
        in_ring = [c for c in crowd if ring_of(query, c.volunteer) == Ring.COMMUNITY]
        assert community_members(query, crowd) == in_ring
        assert available(crowd, ctx, community_ring_of=query) == available(in_ring, ctx)
        near = [c for c in crowd if ring_of(query, c.volunteer) in (Ring.BUILDING, Ring.COMPOUND)]
        assert compound_members(query, crowd) == near


def test_explain_is_a_readable_table() -> None:
    ranked = rank(Q, CROWD, GRID, DAY)
    text = explain(ranked, {2: "王阿姨", 3: "Li"})
    lines = text.splitlines()
    assert len(lines) == 1 + len(CROWD)
    assert lines[0].split()[:7] == ["#", "user", "name", "ring", "bldg", "status", "score"]
    assert "王阿姨" in text and "paused" in text and "community" in text
    # The last column is right-aligned, so equal display widths mean the columns line up even
    # though a Chinese character takes two terminal columns.
    assert len({_display_width(line) for line in lines}) == 1
    assert explain([]).splitlines()[0].startswith("#")


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_explain_without_names() -> None:
    ranked: list[Ranked] = rank(Q, CROWD[:2], GRID, DAY)
    assert "paused" in explain(ranked)


def test_matching_imports_no_framework() -> None:
    code = (
        "import sys, handlers.matching, handlers.matching.ranking;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('aiogram', 'telegram', 'sqlalchemy')];"
        "print(','.join(bad))"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == ""
