"""Builders shared by the matching tests: a small grid and terse volunteers."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta, timezone

from handlers.domain import (
    DEFAULT_QUIET,
    Community,
    Compound,
    Grid,
    HourWindow,
    Volunteer,
    VolunteerRecord,
)
from handlers.matching import Candidate

TZ = timezone(timedelta(hours=8))
DAY = datetime(2024, 7, 1, 15, 0, tzinfo=TZ)
NIGHT = datetime(2024, 7, 1, 23, 0, tzinfo=TZ)

# 思明/A: five buildings in walking order, no coordinates.
# 思明/B: coordinates put building 3 next to 1, and 2 far away.
# 湖里/A: a compound with the same name in another community.
GRID = Grid(
    (
        Community(
            "思明",
            (900,),
            (
                Compound("A", "思明", ("1", "2", "3", "4", "5"), (-1,)),
                Compound(
                    "B", "思明", ("1", "2", "3"), (-2,), {"1": (0, 0), "2": (100, 0), "3": (10, 0)}
                ),
            ),
        ),
        Community("湖里", (901,), (Compound("A", "湖里", ("1",), (-3,)),)),
    )
)

_RECORD_FIELDS = {"open_claims", "kept", "released", "expired", "last_called_at"}


def cand(
    uid: int,
    building: str = "1",
    compound: str = "A",
    community: str = "思明",
    **fields: object,
) -> Candidate:
    """A candidate; keyword fields go to VolunteerRecord or Volunteer by name."""
    record = {k: v for k, v in fields.items() if k in _RECORD_FIELDS}
    volunteer = {k: v for k, v in fields.items() if k not in _RECORD_FIELDS}
    return Candidate(
        Volunteer(uid, f"v{uid}", building, compound, community, **volunteer),  # type: ignore[arg-type]
        VolunteerRecord(**record),  # type: ignore[arg-type]
    )


def population(seed: int, n: int = 300, *, fresh_windows: bool = False) -> list[Candidate]:
    """A varied random crowd over GRID, for properties that must hold for any input.

    `fresh_windows` gives every volunteer their own window objects and more kinds of windows,
    as storage does when it loads rows: the matcher's shortcuts for shared windows must not
    change any answer.
    """
    if fresh_windows:
        return _fresh_population(seed, n)
    rnd = random.Random(seed)
    places = [("A", "思明", b) for b in "12345"] + [("B", "思明", b) for b in "123"]
    places += [("A", "湖里", "1"), ("A", "思明", "9")]  # 9: not in the config
    skills = ["doctor", "nurse", "electrician", "cook", "driver", "tech", "lawyer"]
    windows = [(), (HourWindow(time(9), time(17)),), (HourWindow(time(20), time(2)),)]
    out = []
    for uid in rnd.sample(range(1, 10 * n), n):
        compound, community, building = rnd.choice(places)
        out.append(
            cand(
                uid,
                building,
                compound,
                community,
                skills=frozenset(rnd.sample(skills, rnd.randint(0, 2))),
                hours=rnd.choice(windows),
                quiet=rnd.choice([DEFAULT_QUIET, DEFAULT_QUIET, None]),
                paused=rnd.random() < 0.1,
                vetted=rnd.random() < 0.4,
                max_open_claims=rnd.choice([1, 2, 3]),
                also_serves=rnd.choice([(), ("思明",), ("集美",), ("集美", "思明")])
                if community == "湖里"
                else (),
                open_claims=rnd.choice([0, 0, 1, 2]),
                kept=rnd.randint(0, 5),
                released=rnd.randint(0, 2),
                expired=rnd.randint(0, 1),
                last_called_at=rnd.choice([None, DAY - timedelta(minutes=rnd.randint(0, 90))]),
            )
        )
    return out


_WINDOWS = [(9, 17), (20, 2), (7, 9), (18, 22), (0, 6), (22, 7), (6, 23), (12, 12)]
_QUIETS = [None, (22, 7), (23, 6), (21, 8), (0, 5), (13, 14)]


def _window(rnd: random.Random, bounds: tuple[int, int]) -> HourWindow:
    start, end = bounds
    minute = rnd.choice([0, 0, 30])
    return HourWindow(time(start, minute), time(end, minute))


def _fresh_population(seed: int, n: int) -> list[Candidate]:
    rnd = random.Random(seed)
    places = [("A", "思明", b) for b in "12345"] + [("B", "思明", b) for b in "123"]
    places += [("A", "湖里", "1"), ("A", "思明", "9"), ("B", "集美", "1")]
    skills = ["doctor", "nurse", "firstaid", "electrician", "cook", "driver", "tech", "lawyer", "pets"]
    out = []
    for uid in rnd.sample(range(1, 10 * n), n):
        compound, community, building = rnd.choice(places)
        hours = tuple(_window(rnd, rnd.choice(_WINDOWS)) for _ in range(rnd.choice([0, 0, 1, 2])))
        quiet_bounds = rnd.choice(_QUIETS)
        quiet = None if quiet_bounds is None else _window(rnd, quiet_bounds)
        out.append(
            cand(
                uid,
                building,
                compound,
                community,
                skills=frozenset(rnd.sample(skills, rnd.randint(0, 3))),
                hours=hours,
                quiet=rnd.choice([DEFAULT_QUIET, quiet, quiet]),
                paused=rnd.random() < 0.1,
                vetted=rnd.random() < 0.4,
                max_open_claims=rnd.choice([0, 1, 2, 3]),
                also_serves=rnd.choice([(), ("思明",), ("集美",), ("湖里", "思明")])
                if community != "思明"
                else (),
                open_claims=rnd.choice([0, 0, 1, 2, 3]),
                kept=rnd.randint(0, 5),
                released=rnd.randint(0, 2),
                expired=rnd.randint(0, 1),
                last_called_at=rnd.choice(
                    [None, DAY - timedelta(minutes=rnd.randint(0, 90)), DAY + timedelta(hours=8)]
                ),
            )
        )
    return out
