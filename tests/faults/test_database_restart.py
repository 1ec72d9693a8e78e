"""PostgreSQL restarted under `jinlin run --workers 2` during a burst (`make faults`, both frameworks).

The cluster is the scenario's own (tests/faults/private_pg.py), crashed with `pg_ctl stop -m
immediate` while requests keep arriving, down a few seconds, started again. The bot is not
restarted and none of its workers may die: the poller keeps unstored updates unconfirmed, the
inbox and the sender wait for the database, leadership is taken again on new connections. Every
request then has exactly one row and one card.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from bot.fakeapi import FakeBotApi, Json
from tests.faults.fleet import Fleet, ask, cards_per_request, rows_per_request
from tests.faults.private_pg import PrivateCluster, private_pg
from tests.faults.test_faults import report

pytestmark = [pytest.mark.asyncio, pytest.mark.faults, pytest.mark.parametrize("framework", ["aiogram", "ptb"])]
__all__ = ["private_pg"]  # the fixture, used by name

DOWN_SECONDS = 3.0


def log_story(log: Path, lines: int = 80) -> str:
    """The workers' log without its HTTP chatter, timer runs and tracebacks: what to read when this fails."""
    if not log.exists():
        return "(no log)"
    noise = ("HTTP Request", "apscheduler")
    story = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
             if line[:4].isdigit() and not any(n in line for n in noise)]  # fmt: skip
    return "\n".join(line[:240] for line in story[-lines:])


async def test_postgres_restarted_mid_burst_loses_nothing_and_nothing_crashes(
    framework: str, tmp_path: Path, private_pg: PrivateCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        await _scenario(framework, tmp_path, private_pg, capsys)
    except BaseException:
        with capsys.disabled():
            print(f"\n--- the workers' log ({framework}) ---\n{log_story(tmp_path / 'fleet.log')}")
        raise


async def _scenario(
    framework: str, tmp_path: Path, private_pg: PrivateCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    posted: list[Json] = []
    async with FakeBotApi() as api, Fleet(api, framework, tmp_path, private_pg.url, workers=2) as fleet:
        workers = fleet.pids()
        for _ in range(10):
            ask(api, posted)
        await api.wait_for(lambda: all(cards_per_request(api, posted)), timeout=30)
        # Crash the server while more requests arrive, before, during and after the outage.
        restart = asyncio.create_task(private_pg.restart(DOWN_SECONDS))
        for _ in range(10):
            ask(api, posted)
            await asyncio.sleep(DOWN_SECONDS / 10)
        await restart
        back = time.monotonic()
        for _ in range(10):
            ask(api, posted)
        await api.wait_for(lambda: all(cards_per_request(api, posted)), timeout=40)
        recovered = time.monotonic() - back
        await api.wait_idle(quiet=1.0, timeout=20)
        cards, rows = cards_per_request(api, posted), await rows_per_request(fleet, posted)
        crashes = len(workers - fleet.pids())
        lost_requests, lost_cards = sum(r == 0 for r in rows), sum(c == 0 for c in cards)
        twice = sum(c > 1 for c in cards)
        report(capsys, f"faults postgres restart ({framework}): {len(posted)} requests over 2 workers, "
               f"{private_pg.restarts} restart (down {DOWN_SECONDS:.0f}s, -m immediate), {lost_requests} lost "
               f"requests, {lost_cards} lost messages, {twice} duplicated cards, {crashes} crashes, "
               f"recovered in {recovered:.1f}s")
        assert private_pg.restarts == 1
        assert rows == [1] * len(posted) and cards == [1] * len(posted)
        assert crashes == 0 and fleet.process is not None and fleet.process.returncode is None
