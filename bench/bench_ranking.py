"""Benchmark of matching over 10,000 volunteers (a plain script, not a test).

    .venv/bin/python bench/bench_ranking.py [--runs 200] [--volunteers 10000]

Grid: community 思明 with 6 compounds × 50 buildings (compound A has coordinates), holding 90% of
the volunteers; community 湖里 with 2 compounds holding the rest, a tenth of whom also serve 思明.
Each scenario is run `--warmup` times, then timed `--runs` times; median and p95 are printed.
The first line is the bot's real hot path: select_calls for a new request (k=3 from its building).
Volunteers built here share window objects (DEFAULT_QUIET, one evening preset); the lines marked
"as loaded" give every volunteer its own (the worst case; storage itself now shares one window per
text), which defeats the matcher's identity shortcut for windows.
"""

from __future__ import annotations

import argparse
import dataclasses
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from handlers.domain import (
    Community,
    Compound,
    Grid,
    HourWindow,
    Ring,
    Volunteer,
    VolunteerRecord,
)
from handlers.matching import Candidate, MatchQuery, rank, select_calls

TZ = timezone(timedelta(hours=8))
SKILLS = (
    "doctor",
    "nurse",
    "electrician",
    "plumber",
    "handyman",
    "cook",
    "driver",
    "tech",
    "teacher",
    "mover",
    "pets",
    "errands",
    "carer",
    "lawyer",
)


def build(n: int, seed: int = 7) -> tuple[Grid, list[Candidate]]:
    rnd = random.Random(seed)
    buildings = tuple(str(b) for b in range(1, 51))
    coords = {b: (float(i % 10) * 30.0, float(i // 10) * 40.0) for i, b in enumerate(buildings)}
    home = tuple(
        Compound(f"{name}", "思明", buildings, (-100 - i,), coords if i == 0 else {}) for i, name in enumerate("ABCDEF")
    )
    away = tuple(Compound(f"{name}", "湖里", buildings, (-200 - i,)) for i, name in enumerate("XY"))
    grid = Grid((Community("思明", (1,), home), Community("湖里", (2,), away)))
    evening = (HourWindow(clock(18), clock(22)),)
    now = datetime(2024, 7, 1, 15, 0, tzinfo=TZ)
    candidates = []
    for uid in range(1, n + 1):
        in_home = rnd.random() < 0.9
        compound = rnd.choice(home if in_home else away)
        volunteer = Volunteer(
            user_id=uid,
            name=f"v{uid}",
            building=rnd.choice(buildings),
            compound=compound.name,
            community=compound.community,
            skills=frozenset(rnd.sample(SKILLS, rnd.randint(0, 2))),
            hours=evening if rnd.random() < 0.2 else (),
            paused=rnd.random() < 0.05,
            vetted=rnd.random() < 0.3,
            also_serves=("思明",) if not in_home and rnd.random() < 0.1 else (),
        )
        called = now - timedelta(minutes=rnd.randint(0, 600)) if rnd.random() < 0.3 else None
        record = VolunteerRecord(
            open_claims=rnd.choice((0, 0, 0, 1, 2)),
            kept=rnd.randint(0, 20),
            released=rnd.randint(0, 3),
            expired=rnd.randint(0, 2),
            last_called_at=called,
        )
        candidates.append(Candidate(volunteer, record))
    rnd.shuffle(candidates)
    return grid, candidates


def as_loaded(candidates: list[Candidate]) -> list[Candidate]:
    """The same volunteers with one window object each, as storage/codec.window_from_text makes them."""

    def fresh(w: HourWindow) -> HourWindow:
        return HourWindow(clock(w.start.hour, w.start.minute), clock(w.end.hour, w.end.minute))

    return [
        Candidate(
            dataclasses.replace(
                c.volunteer,
                hours=tuple(fresh(w) for w in c.volunteer.hours),
                quiet=None if c.volunteer.quiet is None else fresh(c.volunteer.quiet),
            ),
            c.record,
        )
        for c in candidates
    ]


def timed(fn: Callable[[], object], warmup: int, runs: int) -> tuple[float, float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        fn()
        samples.append((time.perf_counter_ns() - start) / 1e6)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--volunteers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()

    grid, candidates = build(args.volunteers)
    query = MatchQuery.of("medical", "12", "A", "思明")
    day = datetime(2024, 7, 1, 15, 0, tzinfo=TZ)
    night = datetime(2024, 7, 1, 23, 30, tzinfo=TZ)
    loaded = as_loaded(candidates)
    compound_people = {
        c.volunteer.user_id for c in candidates if c.volunteer.compound == "A" and c.volunteer.community == "思明"
    }
    scenarios: list[tuple[str, Callable[[], object]]] = [
        (
            "select_calls k=3 from BUILDING (new request; bot hot path)",
            lambda: select_calls(query, candidates, grid, day, 3),
        ),
        ("rank limit=20", lambda: rank(query, candidates, grid, day, limit=20)),
        (
            "select_calls k=5 from COMPOUND (1st escalation)",
            lambda: select_calls(query, candidates, grid, day, 5, Ring.COMPOUND),
        ),
        (
            "select_calls k=5 from COMMUNITY, compound excluded (2nd escalation)",
            lambda: select_calls(query, candidates, grid, day, 5, Ring.COMMUNITY, exclude=compound_people),
        ),
        (
            "select_calls k=3 at 23:30, not emergency (all quiet: walks every ring)",
            lambda: select_calls(query, candidates, grid, night, 3),
        ),
        (
            "select_calls k=5 from COMMUNITY, compound excluded, as loaded",
            lambda: select_calls(query, loaded, grid, day, 5, Ring.COMMUNITY, exclude=compound_people),
        ),
        ("select_calls k=3 at 23:30, not emergency, as loaded", lambda: select_calls(query, loaded, grid, night, 3)),
        ("rank, no limit (all volunteers fully ordered)", lambda: rank(query, candidates, grid, day)),
    ]
    print(
        f"Python {platform.python_version()} on {platform.machine()}; "
        f"{len(candidates)} volunteers, {args.runs} runs after {args.warmup} warm-up"
    )
    for name, fn in scenarios:
        median, p95 = timed(fn, args.warmup, args.runs)
        print(f"{name:<72} median {median:6.3f} ms   p95 {p95:6.3f} ms")


if __name__ == "__main__":
    main()
