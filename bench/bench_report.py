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
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from report_data import OTHER_SECRETARY, SECRETARY, grid_config, last_month, load_postgres, load_sqlite

from bot.bootstrap import make_context
from bot.clock import SystemClock
from bot.config import parse_config
from handlers.chat import ChatMessage, Sender
from handlers.core import Core
from storage import migrate
from storage.engine import create_engine
from storage.uow import sql_uow_factory


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
