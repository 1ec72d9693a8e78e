"""The inbound hot path, in process: `python bench/bench_hot_path.py [--backend sqlite|postgres|both]`.

Drives the real path a transport starts — `InboxWorker.store` (the inbox's store transaction) →
the worker → `Core.handle` → the use cases → storage and its one commit — on a real SQLite file
and a real PostgreSQL database (a fresh one, dropped at the end), wired by `bot.bootstrap.build`
with a transport that receives nothing (updates are injected as the transports would store them)
and no outbox sender (what the core queues stays for nobody).

Per kind of update — chit-chat in a group, a request that opens a card and calls volunteers, a
volunteer's "我来" in reply to it, the Done button — it prints, alone (one update in flight):
statements per update (a `before_cursor_execute` listener; SQLite's own BEGIN IMMEDIATE not
counted), transactions per update (the engine's `begin` events), CPU ms per update
(`time.process_time`, the whole process: event loop and driver threads; PostgreSQL's server not
included) and wall ms p50/p99. Then a closed loop with `--inflight` chats at once (each chat
chit-chat, request, claim, done, in turn): updates/s and CPU ms per update.
Timing is not a test: nothing here fails on a number.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import resource
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hot_path_rig import NoTransport, Rig, Sample, bench_config  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot.bootstrap import build  # noqa: E402
from bot.clock import ShiftedClock  # noqa: E402
from bot.config import parse_config  # noqa: E402
from handlers.chat import ChatEvent, ChatMessage, Outcome  # noqa: E402
from handlers.intake.buttons import Verb, button_data  # noqa: E402

PG_ADMIN_URL = os.environ.get("JINLIN_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
KINDS = ("chit-chat", "request", "claim reply", "button press")
CHIT_CHAT = "今天天气真好,晚上一起吃饭吗"
# What `jinlin run` should not import (charts, spreadsheets, the model's training; metrics only with
# [ops] listen): the bench's process is the bot's inbound half.
HEAVY = ("matplotlib", "openpyxl", "sklearn", "scipy", "prometheus_client")


async def measured(rig: Rig, sample: Sample, make: Callable[[int], ChatEvent]) -> Outcome:
    s0, t0, c0, w0 = rig.meter.statements, rig.meter.transactions, time.process_time(), time.perf_counter()
    outcome = await rig.send(make)
    sample.wall.append((time.perf_counter() - w0) * 1000)
    sample.cpu.append((time.process_time() - c0) * 1000)
    sample.statements.append(rig.meter.statements - s0)
    sample.transactions.append(rig.meter.transactions - t0)
    sample.outcomes[outcome.name] += 1
    return outcome


async def one_round(rig: Rig, i: int, samples: dict[str, Sample] | None, *, show: bool = False) -> None:
    """In compound `i`'s group: chit-chat, a request, a volunteer's 我来 to it, their Done button."""
    chat, requester, volunteer = -1001000 - i, 20000 + i, 30000 + i * 10
    throwaway = Sample()

    async def step(kind: str, make: Callable[[int], ChatEvent]) -> Outcome:
        rig.meter.log = [] if show else None
        outcome = await measured(rig, samples[kind] if samples is not None else throwaway, make)
        if rig.meter.log is not None:
            print(f"-- {kind}: {outcome.name}", *rig.meter.log, sep="\n   ")
        return outcome

    await step("chit-chat", rig.message(chat, requester + 5000, CHIT_CHAT))
    text = f"要下雨啦,{i}01号楼谁家有人在,请帮我收下被子!"
    posting = rig.message(chat, requester, text)
    posted = await step("request", posting)
    request_id = posted.request_id
    if request_id is None:
        raise SystemExit(f"the request was not opened: {posted.name}")
    request_message = posting(0)
    assert isinstance(request_message, ChatMessage)
    await step("claim reply", rig.message(chat, volunteer, "我来", reply_to=(request_message.message_id, text,
                                                                           requester)))
    await step("button press", rig.press(chat, volunteer, button_data(Verb.DONE, request_id)))


async def register(rig: Rig, chats: int) -> None:
    for i in range(1, chats + 1):
        for v in range(3):
            user = 30000 + i * 10 + v
            await rig.send(rig.message(user, user, f"/volunteer {i}01 跑腿 搬运", private=True))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def bench(url: str, label: str, rounds: int, inflight: int, show: bool) -> None:
    # 15:00 in Shanghai: every volunteer is awake.
    clock = ShiftedClock(datetime.now(UTC).replace(hour=7, minute=0))
    app = await build(parse_config(bench_config(url, inflight)), "1:bench", clock=clock, transport=NoTransport())
    rig = Rig(app)
    worker = asyncio.create_task(rig.worker.run())
    try:
        await register(rig, inflight)
        for i in range(1, inflight + 1):
            await one_round(rig, i, None)  # warm: every statement compiled once, every cache filled
        samples = {kind: Sample() for kind in KINDS}
        for r in range(rounds):
            await one_round(rig, 1 + r % inflight, samples)
        if show:
            await one_round(rig, 1, None, show=True)
        print(f"\n{label}: {rounds} rounds alone (1 in flight)")
        print(f"{'update':<14}{'stmts':>7}{'tx':>5}{'cpu ms':>9}{'wall p50':>10}{'p99':>8}  outcomes")
        for kind, s in samples.items():
            print(f"{kind:<14}{statistics.mean(s.statements):>7.1f}{statistics.mean(s.transactions):>5.1f}"
                  f"{statistics.mean(s.cpu):>9.2f}{pct(s.wall, 0.5):>10.2f}{pct(s.wall, 0.99):>8.2f}  "
                  f"{dict(s.outcomes)}")
        await loaded(rig, label, rounds, inflight)
        heavy = [m for m in HEAVY if m in sys.modules]
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{label}: peak resident {rss:.0f} MiB; of {', '.join(HEAVY)} imported: {', '.join(heavy) or 'none'}")
    finally:
        rig.worker.stop()
        await worker
        await app.engine.dispose()


async def loaded(rig: Rig, label: str, rounds: int, inflight: int) -> None:
    per_chat = max(1, rounds // inflight)
    statements, c0, w0 = rig.meter.statements, time.process_time(), time.perf_counter()

    async def chat(i: int) -> None:
        for _ in range(per_chat):
            await one_round(rig, i, None)

    await asyncio.gather(*(chat(i) for i in range(1, inflight + 1)))
    wall, cpu, updates = time.perf_counter() - w0, time.process_time() - c0, per_chat * inflight * len(KINDS)
    print(f"{label}: {inflight} chats at once, {updates} updates (the four kinds in turn): "
          f"{updates / wall:.0f} updates/s, {cpu * 1000 / updates:.2f} ms CPU and "
          f"{(rig.meter.statements - statements) / updates:.1f} statements per update")


async def with_postgres(run: Callable[[str], Awaitable[None]]) -> None:
    import asyncpg  # type: ignore[import-untyped]

    admin = make_url(PG_ADMIN_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"jinlin_bench_{secrets.token_hex(4)}"
    connection = await asyncpg.connect(admin, timeout=5)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
        try:
            await run(make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False))
        finally:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--rounds", type=int, default=200, help="rounds of the four kinds, alone and loaded")
    parser.add_argument("--inflight", type=int, default=20, help="chats at once in the loaded run")
    parser.add_argument("--show", action="store_true", help="print one round's statements")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average {load} on {os.cpu_count()} cores")
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            await bench(f"sqlite+aiosqlite:///{tmp}/bench.db", "SQLite", args.rounds, args.inflight, args.show)
    if args.backend in ("postgres", "both"):
        await with_postgres(lambda url: bench(url, "PostgreSQL", args.rounds, args.inflight, args.show))


if __name__ == "__main__":
    asyncio.run(main())
