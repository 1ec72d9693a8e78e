"""Benchmark of `/report` over 1,000,000 requests and `/export` of a month of 10,000 (a plain script, not a test).

    .venv/bin/python bench/bench_report.py [--backend sqlite|postgres|both] [--requests 1000000]
                                           [--runs 20] [--pg-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]

Data, bulk-loaded straight through the drivers (sqlite3 executemany, asyncpg COPY) into a freshly
migrated database: community 深田社区 with 10 compounds × 10 buildings holds `--requests` requests
posted evenly over the last two years (80% done, 5% cancelled, 5% expired, the rest claimed or
open; a claim for each claimed or done one, by one of 500 volunteers); community 东坪社区 holds
`--export-requests` requests in last month, each with its claim and four events. No events for the
big community: reports do not read them.

Timed, through the bot's own path (Core.handle of the secretary's private message: the update
recorded, the words read, every figure queried, the text rendered, the answer queued, committed):
`/report <last month>` (the target: ≤ 200 ms), the same for one building and one category, and
`/report all` (every row: for information). Then `/export <last month>` by the other community's
secretary (the target: ≤ 5 s): the rows read, the XLSX and the CSV zip built and queued.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import platform
import random
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.bootstrap import make_context
from bot.clock import SystemClock
from bot.config import parse_config
from handlers.chat import ChatMessage, Sender
from handlers.core import Core
from storage import migrate
from storage.engine import create_engine
from storage.uow import sql_uow_factory

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


async def timed(
    core: Core, ids: Iterator[int], user: int, text: str, runs: int
) -> tuple[list[float], list[float], str]:
    """Wall-clock and this process's CPU milliseconds per run (CPU: the bot's own work, whatever else
    the machine runs; on PostgreSQL the server's share is not in it)."""
    walls, cpus, name = [], [], ""
    for _ in range(runs):
        n = next(ids)
        message = ChatMessage(n, user, True, n, Sender(user, "秘书"), text, datetime.now(UTC))
        wall, cpu = time.perf_counter(), time.process_time()
        outcome = await core.handle(message)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        name = outcome.name
    return walls, cpus, name


def line(label: str, walls: list[float], cpus: list[float], name: str, target: float | None = None) -> str:
    ordered = sorted(walls)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    verdict = "" if target is None else ("  ✓" if statistics.median(walls) <= target else "  ✗ over target")
    return (
        f"  {label:<34} median {statistics.median(walls):8.1f} ms  p95 {p95:8.1f} ms"
        f"  (cpu median {statistics.median(cpus):8.1f} ms)  [{name}]{verdict}"
    )


async def bench(url: str, args: argparse.Namespace, load: Any | None) -> None:
    now = datetime.now(UTC)
    if load is not None:
        await migrate.upgrade(url)
        started = time.perf_counter()
        await load(args.requests, args.export_requests, now)
        took = time.perf_counter() - started
        print(f"  loaded {args.requests:,} + {args.export_requests:,} requests in {took:.1f} s")
    config = parse_config(grid_config(url))
    engine = create_engine(url)
    core = Core(make_context(config, SystemClock()), sql_uow_factory(engine))
    ids = itertools.count(int(time.time() * 1000))  # update ids never seen before, even on a reused database
    _, _, month = last_month(now)
    try:
        await timed(core, ids, SECRETARY, f"/report {month}", 2)  # warm the cache and the imports
        for label, words, target in [
            (f"/report {month}", month, 200.0),
            (f"/report {month} building 55", f"{month} building 55", None),
            (f"/report {month} repair", f"{month} repair", None),
            ("/report all", "all", None),
        ]:
            runs = args.runs if words != "all" else max(3, args.runs // 5)
            print(line(label, *await timed(core, ids, SECRETARY, f"/report {words}", runs), target))
        await timed(core, ids, OTHER_SECRETARY, f"/export {month}", 1)
        print(
            line(
                f"/export {month} ({args.export_requests:,})",
                *await timed(core, ids, OTHER_SECRETARY, f"/export {month}", args.export_runs),
                5000.0,
            )
        )
    finally:
        await engine.dispose()


async def run_sqlite(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(args.db) if args.db else Path(folder) / "bench.db"
        print(f"SQLite {sqlite3.sqlite_version} ({path})")
        load = (
            None
            if path.exists()
            else (lambda total, export, now: asyncio.to_thread(load_sqlite, path, total, export, now))
        )
        await bench(f"sqlite+aiosqlite:///{path}", args, load)


async def run_postgres(args: argparse.Namespace) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    admin = make_url(args.pg_url)
    name = args.pg_db or f"jinlin_bench_{secrets.token_hex(3)}"
    plain = admin.set(drivername="postgresql").render_as_string(False)
    connection = await asyncpg.connect(plain)
    exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
    if not exists:
        await connection.execute(f'CREATE DATABASE "{name}"')
    version = await connection.fetchval("SHOW server_version")
    await connection.close()
    url = admin.set(database=name).render_as_string(False)
    print(f"PostgreSQL {version} ({name})")
    try:
        await bench(url, args, None if exists else lambda total, export, now: load_postgres(url, total, export, now))
    finally:
        if not args.pg_db:
            connection = await asyncpg.connect(plain)
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await connection.close()


def load_average() -> str:
    try:
        return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--export-requests", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--export-runs", type=int, default=3)
    parser.add_argument("--db", help="SQLite file to keep the data in (reused when it exists; default: temporary)")
    parser.add_argument("--pg-db", help="PostgreSQL database to keep the data in (reused when it exists)")
    parser.add_argument("--pg-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    cpus = os.cpu_count()
    print(f"Python {platform.python_version()} on {platform.machine()}, {cpus} CPUs, {load_average()}")
    if args.backend in ("sqlite", "both"):
        asyncio.run(run_sqlite(args))
    if args.backend in ("postgres", "both"):
        asyncio.run(run_postgres(args))
    print(f"done, {load_average()}")


if __name__ == "__main__":
    main()
