"""End-to-end benchmark of the whole bot against bare echo bots (a plain script, not a test).

    make bench-e2e        # = .venv/bin/python bench/bench_e2e.py
    .venv/bin/python bench/bench_e2e.py [--seconds 6] [--rounds 1] [--samples 40]
        [--frameworks aiogram,ptb] [--databases sqlite,postgres] [--rain-groups 20 --rain-requests 10]
        [--no-rain] [--no-throughput] [--pg-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]

The project's fake Bot API (bot/fakeapi) runs here as a real HTTP server, one per bot. Each bot is
a real process doing real long polling: `jinlin run` on each framework and each database (a fresh
SQLite file, a fresh PostgreSQL database), and the bare aiogram and PTB echo bots (bench/echo_*.py).
All are up at once and measured in turn, interleaved (each mix goes round every bot before the
next mix), so a change in the machine's load falls on all of them alike.

Closed loop: 5 chats × 4 users, 20 updates in flight; each user posts its next message once the
last was answered (bench/e2e_load.py says what counts as answered). Mixes: `chat` (small talk:
Jinlin reads it and stays silent; counted when handled) and `requests` (each gets one card).
The throughput runs lift Jinlin's [outbox] limits: the bot is measured, not Telegram's limits.
Printed per bot and mix: updates/s, latency p50/p95/p99, the process's own CPU time per update
(/proc/PID/stat), and the ratio of updates/s to the echo bot of the same framework; then the
latency of one request alone, the resident memory, and the rainstorm with the real limits
(bench/e2e_rain.py), each on a fresh process and database.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import tempfile
import time
from pathlib import Path

from e2e_load import Answers, Outcome, alone, closed_loop, percentile
from e2e_procs import BotProcess, Database
from e2e_rain import STRICT, Storm, rainstorm

from bot.fakeapi import FakeBotApi


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


async def make_bot(kind: str, framework: str, database: str | None, workdir: Path, pg_url: str,
                   *, real_limits: bool = False) -> BotProcess:  # fmt: skip
    api = FakeBotApi(token=f"{secrets.randbelow(10**9) + 10**9}:BenchSecret", enforce_limits=real_limits, limits=STRICT)
    await api.start()
    db = await Database.create(database, workdir, pg_url) if database else None
    name = f"{kind} {framework}" + (f" {database}" if database else "")
    return BotProcess(name, framework, api, workdir, db, real_limits)


def row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


async def throughput(bots: list[BotProcess], args: argparse.Namespace) -> None:
    answers = {bot.name: Answers(bot) for bot in bots}
    for bot in bots:  # warm up: imports, the reader's model, connection pools
        await closed_loop(answers[bot.name], "requests", 1.5, seed=99)
    results: dict[tuple[str, str], list[tuple[Outcome, float]]] = {}
    for round_ in range(args.rounds):
        for mix in ("chat", "requests"):
            order = bots[round_ % len(bots) :] + bots[: round_ % len(bots)]
            for bot in order:
                cpu = bot.cpu_seconds()
                outcome = await closed_loop(answers[bot.name], mix, args.seconds, seed=round_ + 1)
                await asyncio.sleep(0.3)  # the answers' own tail (marking sent, logging) is the update's cost too
                results.setdefault((bot.name, mix), []).append((outcome, bot.cpu_seconds() - cpu))
    singles = {bot.name: await alone(answers[bot.name], args.samples) for bot in bots}
    memory = {bot.name: bot.rss_mib() for bot in bots}
    for a in answers.values():
        await a.close()

    widths = [26, 8, 9, 7, 7, 7, 8, 9, 5]
    print(row(["bot", "mix", "updates/s", "p50 ms", "p95 ms", "p99 ms", "CPU ms", "vs echo", "lost"], widths))
    rates: dict[tuple[str, str], float] = {}
    for (name, mix), runs in results.items():
        latencies = [x for outcome, _ in runs for x in outcome.answered]
        count = sum(len(o.answered) for o, _ in runs)
        rate = sum(o.rate for o, _ in runs) / len(runs)
        rates[(name, mix)] = rate
        cpu = sum(c for _, c in runs) / max(count, 1)
        echo = rates.get((f"echo {name.split()[1]}", mix))
        ratio = f"{rate / echo:.2f}x" if echo and not name.startswith("echo") else "-"
        lost = sum(o.lost + o.not_cards for o, _ in runs)
        print(row([name, mix, f"{rate:.1f}", ms(percentile(latencies, 50)), ms(percentile(latencies, 95)),
                   ms(percentile(latencies, 99)), ms(cpu), ratio, str(lost)], widths))  # fmt: skip
    silent = {name: sum(o.replies for o, _ in runs) for (name, mix), runs in results.items() if mix == "chat"}
    print("replies to the chit-chat (Jinlin: should be 0): " + ", ".join(f"{k} {v}" for k, v in silent.items()))
    print("\none request alone (1 in flight):")
    for name, outcome in singles.items():
        values = outcome.answered
        print(f"  {name:26} p50 {ms(percentile(values, 50))} ms  p95 {ms(percentile(values, 95))} ms  "
              f"p99 {ms(percentile(values, 99))} ms  ({len(values)} samples, {outcome.lost} lost)")  # fmt: skip
    print("\nresident memory after the runs (MiB):")
    for name, (rss, peak) in memory.items():
        echo_rss = memory.get(f"echo {name.split()[1]}", (0.0, 0.0))[0]
        extra = "" if name.startswith("echo") else f"  echo + {rss - echo_rss:.1f}"
        print(f"  {name:26} RSS {rss:.1f}  peak {peak:.1f}{extra}")


def print_storms(storms: list[Storm]) -> None:
    print(f"\nrainstorm, Telegram's limits enforced by the fake Bot API (no slack): {load()}")
    for s in storms:
        print(f"  {s.bot:26} {s.groups} groups × {s.per_group}: {s.delivered}/{s.groups * s.per_group} cards, "
              f"{s.too_many} 429s, {s.violations} over the limits")  # fmt: skip
        print(f"  {'':26} first→last {s.first_to_last:.2f} s vs least {s.least:.0f} s = {s.ratio:.3f}x; "
              f"posted→last {s.from_post:.2f} s vs {s.least_after_handling:.2f} s if sent the moment queued "
              f"= {s.from_post / s.least_after_handling:.3f}x; spacing {s.spacing * 1000:.0f} ms")  # fmt: skip


async def main(args: argparse.Namespace) -> None:
    frameworks, databases = args.frameworks.split(","), args.databases.split(",")
    print(f"bench-e2e: {load()}")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="jinlin-bench-") as tmp:
        workdir = Path(tmp)
        if not args.no_throughput:
            bots = [await make_bot("echo", f, None, workdir, args.pg_url) for f in frameworks]
            bots += [await make_bot("jinlin", f, d, workdir, args.pg_url) for f in frameworks for d in databases]
            try:
                await asyncio.gather(*(bot.start() for bot in bots))
                print(f"closed loop: 5 chats × 4 users, 20 in flight, {args.seconds:g} s a run, {args.rounds} round(s)")
                await throughput(bots, args)
            finally:
                await asyncio.gather(*(bot.stop() for bot in bots))
        storms = []
        for f in frameworks if not args.no_rain else []:
            for d in databases:
                bot = await make_bot("jinlin", f, d, workdir, args.pg_url, real_limits=True)
                try:
                    await bot.start()
                    storms.append(await rainstorm(bot, args.rain_groups, args.rain_requests, timeout=180))
                finally:
                    await bot.stop()
        if storms:
            print_storms(storms)
    print(f"\nbench-e2e done in {time.monotonic() - started:.0f} s; {load()}")


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=6.0, help="each closed-loop run (default 6)")
    parser.add_argument("--rounds", type=int, default=1, help="times each mix goes round every bot")
    parser.add_argument("--samples", type=int, default=40, help="requests timed one at a time per bot")
    parser.add_argument("--frameworks", default="aiogram,ptb")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--rain-groups", type=int, default=20)
    parser.add_argument("--rain-requests", type=int, default=10, help="requests per group in the rainstorm")
    parser.add_argument("--no-rain", action="store_true")
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument("--pg-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse()))
