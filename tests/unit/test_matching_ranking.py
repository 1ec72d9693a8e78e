"""rank(): nearness, availability, score and determinism, one behaviour per table row."""

from __future__ import annotations

import dataclasses
import random
from datetime import datetime, time, timedelta

import pytest

from handlers.domain import HourWindow, Ring
from handlers.matching import Candidate, MatchQuery, MatchSettings, Ranked, rank, ring_of
from handlers.matching.model import PART_NAMES, Parts, make_ranked
from tests.unit.matching_helpers import DAY, GRID, NIGHT, cand, population

MEDICAL_A1 = MatchQuery.of("medical", "1", "A", "思明", enters_home=False)


def order(query: MatchQuery, candidates: list[Candidate], now: datetime = DAY) -> list[int]:
    return [r.user_id for r in rank(query, candidates, GRID, now)]


# --- nearness -------------------------------------------------------------------------------

NEARNESS = [
    pytest.param(
        MEDICAL_A1,
        [cand(1, "1", "B"), cand(2, "3"), cand(3, "1")],
        [3, 2, 1],
        id="same-building>compound>community",
    ),
    pytest.param(
        MEDICAL_A1,
        [cand(1, "1", "B", kept=50), cand(2, "2", kept=0, released=5), cand(3, "1", paused=True)],
        [3, 2, 1],
        id="nearness-beats-availability-and-score",
    ),
    pytest.param(
        MatchQuery.of("medical", "3", "A", "思明"),
        [cand(1, "1"), cand(5, "5"), cand(4, "4"), cand(2, "2"), cand(3, "3")],
        [3, 2, 4, 1, 5],
        id="list-order:2-and-4-one-step-away,tie-by-list-index",
    ),
    pytest.param(
        MatchQuery.of("medical", "1", "B", "思明"),
        [cand(2, "2", "B"), cand(3, "3", "B")],
        [3, 2],
        id="coordinates:3-is-10m-away,2-is-100m",
    ),
    pytest.param(
        MatchQuery.of("medical", "2", "A", "思明"),
        [cand(9, "9"), cand(1, "5")],
        [1, 9],
        id="building-not-in-config-comes-after-known",
    ),
    pytest.param(
        MatchQuery.of("medical", None, "A", "思明"),
        [cand(2, "5", kept=9), cand(1, "1"), cand(3, "1", "B", kept=9)],
        [2, 1, 3],
        id="no-building:compound-is-one-ring-ordered-by-score",
    ),
    pytest.param(
        MEDICAL_A1,
        [
            cand(1, "1", "A", "湖里"),
            cand(2, "1", "A", "湖里", also_serves=("思明",)),
            cand(3, "2", "B"),
            cand(4, "1", "A", "湖里", also_serves=("集美",)),
        ],
        [2, 3],
        id="other-community-excluded;also_serves-joins-community-ring;tie-by-user-id",
    ),
    pytest.param(
        MatchQuery.of("medical", "1", "A", None),
        [cand(1, "1", "A", "湖里"), cand(2, "1", "B")],
        [1, 2],
        id="unknown-community:nobody-excluded",
    ),
]


@pytest.mark.parametrize(("query", "candidates", "expected"), NEARNESS)
def test_nearness_orders_first(
    query: MatchQuery, candidates: list[Candidate], expected: list[int]
) -> None:
    assert order(query, candidates) == expected


def test_rings_and_building_ranks_are_reported() -> None:
    ranked = rank(
        MatchQuery.of("repair", "3", "A", "思明"),
        [cand(1, "3"), cand(2, "4"), cand(3, "1"), cand(4, "9"), cand(5, "2", "B"),
         cand(6, "1", "A", "湖里", also_serves=("思明",))],
        GRID,
        DAY,
    )
    assert [(r.user_id, r.ring, r.building_rank) for r in ranked] == [
        (1, Ring.BUILDING, 0),
        (2, Ring.COMPOUND, 2),  # order from 3: 2, 4, 1, 5 (one step, then two)
        (3, Ring.COMPOUND, 3),
        (4, Ring.COMPOUND, 5),
        (5, Ring.COMMUNITY, 0),
        (6, Ring.COMMUNITY, 0),
    ]


@pytest.mark.parametrize("seed", range(5))
def test_ring_of_agrees_with_rank(seed: int) -> None:
    crowd = population(seed)
    by_id = {c.volunteer.user_id: c.volunteer for c in crowd}
    for query in (MEDICAL_A1, MatchQuery.of("tech", None, "B", "思明"), MatchQuery.of("x", "1", "A", None)):
        ranked = {r.user_id: r.ring for r in rank(query, crowd, GRID, DAY)}
        expected = {uid: ring_of(query, v) for uid, v in by_id.items()}
        assert ranked == {uid: ring for uid, ring in expected.items() if ring is not None}


# --- availability ---------------------------------------------------------------------------

EVENING = (HourWindow(time(18), time(21)),)

AVAILABILITY = [
    pytest.param(cand(1), DAY, MEDICAL_A1, None, id="default:available"),
    pytest.param(cand(1, paused=True), DAY, MEDICAL_A1, "paused", id="paused"),
    pytest.param(cand(1, open_claims=2), DAY, MEDICAL_A1, "at max open claims", id="at-max-load"),
    pytest.param(cand(1, open_claims=1), DAY, MEDICAL_A1, None, id="below-max-load"),
    pytest.param(cand(1, max_open_claims=0), DAY, MEDICAL_A1, "at max open claims", id="max-zero"),
    pytest.param(cand(1, hours=EVENING), DAY, MEDICAL_A1, "outside hours", id="outside-hours"),
    pytest.param(
        cand(1, hours=EVENING), DAY.replace(hour=19), MEDICAL_A1, None, id="inside-hours"
    ),
    pytest.param(
        cand(1, hours=(HourWindow(time(20), time(2)),), quiet=None),
        DAY.replace(hour=1),
        MEDICAL_A1,
        None,
        id="hours-wrap-midnight",
    ),
    pytest.param(cand(1), NIGHT, MEDICAL_A1, "quiet hours", id="default-quiet-at-23"),
    pytest.param(cand(1), DAY.replace(hour=7), MEDICAL_A1, None, id="quiet-ends-at-7"),
    pytest.param(cand(1, quiet=None), NIGHT, MEDICAL_A1, None, id="no-quiet-hours"),
    pytest.param(
        cand(1),
        NIGHT,
        MatchQuery.of("medical", "1", "A", "思明", emergency=True),
        None,
        id="emergency-overrides-quiet",
    ),
    pytest.param(
        cand(1, paused=True),
        NIGHT,
        MatchQuery.of("medical", "1", "A", "思明", emergency=True),
        "paused",
        id="emergency-does-not-override-paused",
    ),
    pytest.param(
        cand(1, hours=EVENING),
        DAY,
        MatchQuery.of("medical", "1", "A", "思明", emergency=True),
        "outside hours",
        id="emergency-does-not-override-hours",
    ),
]


@pytest.mark.parametrize(("candidate", "now", "query", "reason"), AVAILABILITY)
def test_availability(
    candidate: Candidate, now: datetime, query: MatchQuery, reason: str | None
) -> None:
    [ranked] = rank(query, [candidate], GRID, now)
    assert (ranked.available, ranked.unavailable_reason) == (reason is None, reason)


def test_emergency_override_can_be_switched_off() -> None:
    query = MatchQuery.of("medical", "1", "A", "思明", emergency=True)
    settings = MatchSettings(quiet_overridden_by_emergency=False)
    [ranked] = rank(query, [cand(1)], GRID, NIGHT, settings)
    assert ranked.unavailable_reason == "quiet hours"


def test_available_before_unavailable_within_a_building() -> None:
    # The unavailable one has the better score in every respect: availability still wins.
    crowd = [cand(1, paused=True, skills=frozenset({"doctor"}), kept=20), cand(2)]
    assert order(MEDICAL_A1, crowd) == [2, 1]


# --- score ----------------------------------------------------------------------------------

RECENT = DAY - timedelta(minutes=5)

SCORE = [
    pytest.param(
        MEDICAL_A1,
        [cand(1, kept=20), cand(2, skills=frozenset({"nurse"}), released=3, last_called_at=RECENT)],
        [2, 1],
        id="skill-fit-beats-reliability-and-rest",
    ),
    pytest.param(
        MatchQuery.of("legal", "1", "A", "思明"),
        [cand(1, skills=frozenset({"doctor"})), cand(2, skills=frozenset({"lawyer"}))],
        [2, 1],
        id="fit-depends-on-category",
    ),
    pytest.param(
        MEDICAL_A1,
        [cand(1, open_claims=1), cand(2)],
        [2, 1],
        id="less-load-first",
    ),
    pytest.param(
        MEDICAL_A1,
        [cand(1, last_called_at=RECENT), cand(2, last_called_at=DAY - timedelta(minutes=25)), cand(3)],
        [3, 2, 1],
        id="rest:never>25min-ago>5min-ago",
    ),
    pytest.param(
        MEDICAL_A1,
        [cand(1, kept=0, released=3), cand(2), cand(3, kept=10)],
        [3, 2, 1],
        id="reliability:kept>newcomer-prior>released",
    ),
    pytest.param(
        MEDICAL_A1,
        [cand(1, kept=1, expired=2), cand(2, kept=1, released=2)],
        [1, 2],
        id="expired-and-released-count-alike;tie-by-user-id",
    ),
    pytest.param(
        MatchQuery.of("medical", "1", "A", "思明"),  # enters a home
        [cand(1, skills=frozenset({"doctor"}), kept=30), cand(2, vetted=True, released=3)],
        [2, 1],
        id="enters-home:vetted-beats-everything-else",
    ),
    pytest.param(
        MatchQuery.of("errand", "1", "A", "思明"),  # does not enter a home
        [cand(1, vetted=True), cand(2, kept=5)],
        [2, 1],
        id="not-entering-home:vetted-is-irrelevant",
    ),
]


@pytest.mark.parametrize(("query", "candidates", "expected"), SCORE)
def test_score_orders_within_a_building(
    query: MatchQuery, candidates: list[Candidate], expected: list[int]
) -> None:
    assert order(query, candidates) == expected


def test_rested_after_rest_minutes_equals_never_called() -> None:
    ranked = rank(
        MEDICAL_A1,
        [cand(1, last_called_at=DAY - timedelta(minutes=31)), cand(2)],
        GRID,
        DAY,
        MatchSettings(rest_minutes=30),
    )
    assert [r.parts["rest"] for r in ranked] == [0.0, 0.0]
    assert [r.user_id for r in ranked] == [1, 2]


def test_score_is_the_sum_of_its_parts() -> None:
    for r in rank(MEDICAL_A1, population(3), GRID, DAY):
        assert set(r.parts) == {"skill", "load", "rest", "reliability", "vetted"}
        assert r.score == pytest.approx(sum(r.parts.values()))


def test_laundry_prefers_no_skill() -> None:
    ranked = rank(MatchQuery.of("laundry", "1", "A", "思明"),
                  [cand(1, skills=frozenset({"cook"})), cand(2)], GRID, DAY)
    assert [r.parts["skill"] for r in ranked] == [0.0, 0.0]


# --- determinism, exclude, limit ------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_shuffled_input_gives_the_same_ranking(seed: int) -> None:
    crowd = population(seed)
    expected = rank(MEDICAL_A1, crowd, GRID, DAY)
    rnd = random.Random(seed)
    for _ in range(3):
        shuffled = crowd[:]
        rnd.shuffle(shuffled)
        assert rank(MEDICAL_A1, shuffled, GRID, DAY) == expected


def test_exclude_removes_volunteers_anywhere() -> None:
    crowd = [cand(1), cand(2, "2"), cand(3, "1", "B")]
    assert order(MEDICAL_A1, crowd) == [1, 2, 3]
    assert [r.user_id for r in rank(MEDICAL_A1, crowd, GRID, DAY, exclude=[1, 3])] == [2]
    assert [r.user_id for r in rank(MEDICAL_A1, crowd, GRID, DAY, exclude={2})] == [1, 3]


@pytest.mark.parametrize("limit", [0, 1, 3, 17, 60, 299, 1000])
@pytest.mark.parametrize("seed", range(3))
def test_limit_is_a_prefix_of_the_full_ranking(limit: int, seed: int) -> None:
    crowd = population(seed)
    for query, now in ((MEDICAL_A1, DAY), (MatchQuery.of("tech", "2", "B", "思明"), NIGHT)):
        full = rank(query, crowd, GRID, now, exclude={c.volunteer.user_id for c in crowd[:20]})
        limited = rank(query, crowd, GRID, now, exclude={c.volunteer.user_id for c in crowd[:20]},
                       limit=limit)
        assert limited == full[:limit]


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        rank(MEDICAL_A1, [cand(1)], GRID, datetime(2024, 7, 1, 15, 0))


def test_query_helpers() -> None:
    assert MatchQuery.of("medical").enters_home is True
    assert MatchQuery.of("errand").enters_home is False
    assert MatchQuery.of("errand", enters_home=True).enters_home is True
    emergency = MatchQuery.of("safety", emergency=True)
    assert emergency.urgent and emergency.emergency


# --- the returned values --------------------------------------------------------------------


def test_make_ranked_builds_exactly_what_the_constructor_builds() -> None:
    parts = Parts((5.0, -0.0, 0.0, 1.5, 10.0))
    args = (7, Ring.COMPOUND, False, "paused", 16.5, parts, 3)
    fast, slow = make_ranked(*args), Ranked(*args)
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.score = 1.0  # type: ignore[misc]


def test_parts_reads_like_the_dict_it_replaces() -> None:
    values = (5.0, -0.5, -0.0, 1.25, 0.0)
    parts = Parts(values)
    as_dict = dict(zip(PART_NAMES, values, strict=True))
    assert dict(parts) == as_dict and parts == as_dict and as_dict == parts
    assert list(parts) == list(PART_NAMES) and len(parts) == 5
    assert parts["load"] == -0.5 and parts.get("nope", 9.0) == 9.0 and "rest" in parts
    assert parts != Parts((5.0, -0.5, -0.0, 1.25, 1.0))
    assert repr(parts) == repr(as_dict)
    with pytest.raises(KeyError):
        parts["nope"]
