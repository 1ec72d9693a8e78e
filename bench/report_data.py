"""The data of bench/bench_report.py: a grid of communities and requests bulk-loaded through the drivers."""

from __future__ import annotations

import itertools
import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

BIG, SMALL = "深田社区", "东坪社区"
SECRETARY, OTHER_SECRETARY = 9001, 9002
CATEGORIES = ("laundry", "errand", "repair", "medical", "elderly", "moving", "tech", "meal", "other")
COLUMNS = (
    "id", "chat_id", "message_id", "requester_id", "requester_name", "text", "category", "building", "compound",
    "community", "urgent", "emergency", "people_needed", "active_claims", "status", "ring", "followups",
    "next_due_at", "requester_told_waiting", "posted_at", "claimed_at", "closed_at",
)  # fmt: skip
CLAIM_COLUMNS = ("request_id", "user_id", "name", "status", "claimed_at", "ended_at")
EVENT_COLUMNS = ("request_id", "type", "actor_id", "at", "detail")
CHUNK = 50_000


def grid_config(url: str) -> dict[str, Any]:
    big = [
        {"name": f"小区{c}", "buildings": [str(c * 10 + b) for b in range(1, 11)], "chats": [-1000 - c]}
        for c in range(10)
    ]
    small = [{"name": "东坪小区", "buildings": ["1", "2", "3"], "chats": [-2000]}]
    return {
        "bot": {"locale": "zh"}, "database": {"url": url},
        "communities": [{"name": BIG, "secretaries": [SECRETARY], "compounds": big},
                        {"name": SMALL, "secretaries": [OTHER_SECRETARY], "compounds": small}],
    }  # fmt: skip


def last_month(now: datetime) -> tuple[datetime, datetime, str]:
    first = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    start = (first - timedelta(days=1)).replace(day=1)
    return start, first, f"{start:%Y-%m}"


def requests(
    rnd: random.Random,
    n: int,
    start: datetime,
    span: timedelta,
    community: str,
    first_id: int,
    buildings: list[tuple[str, str, int]],
) -> Iterator[tuple[tuple[Any, ...], tuple[Any, ...] | None]]:
    """(request row, claim row or None); posted evenly over [start, start + span)."""
    step = span / n
    for i in range(n):
        rid = first_id + i
        building, compound, chat = buildings[rnd.randrange(len(buildings))]
        posted = start + step * i + timedelta(seconds=rnd.random() * step.total_seconds())
        roll = rnd.random()
        status = (
            "done"
            if roll < 0.80
            else "cancelled"
            if roll < 0.85
            else "expired"
            if roll < 0.90
            else "claimed"
            if roll < 0.95
            else "open"
        )
        claimed = posted + timedelta(minutes=rnd.expovariate(1 / 8)) if status in ("done", "claimed") else None
        closed = {
            "done": (claimed or posted) + timedelta(minutes=rnd.expovariate(1 / 45)),
            "cancelled": posted + timedelta(minutes=20),
            "expired": posted + timedelta(hours=24),
        }.get(status)
        ring = min(3, int(rnd.expovariate(1.5)))
        row = (
            rid,
            chat,
            rid,
            100_000 + rid % 5000,
            f"居民{rid % 5000}",
            "要下雨啦,帮我收下被子!",
            CATEGORIES[rid % len(CATEGORIES)],
            building,
            compound,
            community,
            rid % 10 == 0,
            False,
            1,
            int(status == "claimed"),
            status,
            ring,
            0,
            None,
            False,
            posted,
            claimed,
            closed,
        )
        volunteer = 5000 + rnd.randrange(500)
        claim = (
            (
                rid,
                volunteer,
                f"志愿者{volunteer}",
                "done" if status == "done" else "active",
                claimed,
                closed if status == "done" else None,
            )
            if claimed
            else None
        )
        yield row, claim


def events_of(row: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    rid, posted, claimed, closed = row[0], row[19], row[20], row[21]
    found = [
        (rid, "posted", row[3], posted, '{"reader": {"label": "request"}}'),
        (rid, "called", None, posted, '{"ring": 0, "users": [5001, 5002]}'),
    ]
    if claimed:
        found.append((rid, "claimed", 5001, claimed, "{}"))
    if closed:
        found.append((rid, row[14], 5001, closed, "{}"))
    return found


def dataset(total: int, export: int, now: datetime) -> Iterator[list[tuple[tuple[Any, ...], tuple[Any, ...] | None]]]:
    rnd = random.Random(11)
    big = [(str(c * 10 + b), f"小区{c}", -1000 - c) for c in range(10) for b in range(1, 11)]
    small = [(b, "东坪小区", -2000) for b in ("1", "2", "3")]
    start, end, _ = last_month(now)
    rows = itertools.chain(
        requests(rnd, total, now - timedelta(days=730), timedelta(days=730), BIG, 1, big),
        requests(rnd, export, start, end - start, SMALL, total + 1, small),
    )
    while chunk := list(itertools.islice(rows, CHUNK)):
        yield chunk


def sqlite_text(value: Any) -> Any:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(value, datetime) else value


def load_sqlite(path: Path, total: int, export: int, now: datetime) -> None:
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    # Indexes built once after the load, not maintained row by row during it.
    indexes = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('requests', 'claims', 'events')"
    ).fetchall()
    for name, _ in indexes:
        db.execute(f'DROP INDEX "{name}"')
    marks = lambda cols: ", ".join("?" * len(cols))  # noqa: E731
    for chunk in dataset(total, export, now):
        db.executemany(
            f"INSERT INTO requests ({', '.join(COLUMNS)}) VALUES ({marks(COLUMNS)})",
            [tuple(map(sqlite_text, r)) for r, _ in chunk],
        )
        db.executemany(
            f"INSERT INTO claims ({', '.join(CLAIM_COLUMNS)}) VALUES ({marks(CLAIM_COLUMNS)})",
            [tuple(map(sqlite_text, c)) for _, c in chunk if c],
        )
        small = [e for r, _ in chunk if r[9] == SMALL for e in events_of(r)]
        db.executemany(
            f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({marks(EVENT_COLUMNS)})",
            [tuple(map(sqlite_text, e)) for e in small],
        )
        db.commit()
    for _, sql in indexes:
        db.execute(sql)
    db.execute("ANALYZE")
    db.commit()
    db.close()


async def load_postgres(url: str, total: int, export: int, now: datetime) -> None:
    import asyncpg  # type: ignore[import-untyped]
    from sqlalchemy.engine import make_url

    connection = await asyncpg.connect(make_url(url).set(drivername="postgresql").render_as_string(False))
    try:
        for chunk in dataset(total, export, now):
            await connection.copy_records_to_table("requests", records=[r for r, _ in chunk], columns=COLUMNS)
            await connection.copy_records_to_table("claims", records=[c for _, c in chunk if c], columns=CLAIM_COLUMNS)
            small = [(*e[:4], e[4]) for r, _ in chunk if r[9] == SMALL for e in events_of(r)]
            await connection.copy_records_to_table("events", records=small, columns=EVENT_COLUMNS)
        for table in ("requests", "claims", "events"):
            await connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()
