"""Resident memory of `jinlin run` against the bare echo bot of the same framework (a plain script).

    .venv/bin/python bench/bench_rss.py [--frameworks aiogram,ptb] [--seconds 5]

Each bot is a real process on its own fake Bot API; Jinlin starts on a fresh SQLite file (so it
migrates it first, as a new deployment does). Both get the same closed loop of requests
(bench/e2e_load.py, 5 chats × 4 users) for `--seconds`, then /proc/PID/status is read: VmRSS (now)
and VmHWM (the peak).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from bench_e2e import load, make_bot
from e2e_load import Answers, closed_loop


async def measure(framework: str, seconds: float, workdir: Path) -> None:
    bots = [await make_bot(kind, framework, db, workdir, "") for kind, db in (("echo", None), ("jinlin", "sqlite"))]
    try:
        for bot in bots:
            await bot.start()
        rss = {}
        for bot in bots:
            answers = Answers(bot)
            outcome = await closed_loop(answers, "requests", seconds, seed=1)
            await asyncio.sleep(0.5)
            await answers.close()
            rss[bot.name] = bot.rss_mib()
            now, peak = rss[bot.name]
            print(f"  {bot.name:22} {len(outcome.answered):5} answered  RSS {now:6.1f}  peak {peak:6.1f} MiB")
        echo, jinlin = rss[bots[0].name][0], rss[bots[1].name][0]
        print(f"  {framework}: Jinlin − echo = {jinlin - echo:.1f} MiB")
    finally:
        for bot in bots:
            await bot.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frameworks", default="aiogram,ptb")
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    print(load())
    with tempfile.TemporaryDirectory(prefix="jinlin-rss-") as tmp:
        for framework in args.frameworks.split(","):
            await measure(framework, args.seconds, Path(tmp))


if __name__ == "__main__":
    asyncio.run(main())
