"""Nothing acknowledged is lost: the bot process killed at random (kill -9) or crashed at the worst
moments (stored but not handled; handled but not yet confirmed to Telegram), then restarted, and a
burst of 200 requests on SQLite. Every request ends with exactly one row and one card.

The figures each test prints (kills, requests, lost, duplicated) are the README's.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import sys
from collections import Counter
from pathlib import Path

import pytest

from bot.bootstrap import build, running
from bot.clock import ShiftedClock
from bot.config import parse_config
from bot.demo import afternoon
from bot.fakeapi import FakeBotApi, Json
from tests.e2e.harness import GROUP, OTHER_GROUP, e2e_config, settle
from tests.e2e.test_run_command import CONFIG as RUN_CONFIG

pytestmark = [pytest.mark.asyncio, pytest.mark.parametrize("framework", ["aiogram", "ptb"])]

ROOT = Path(__file__).resolve().parents[2]
GROUPS = (GROUP, OTHER_GROUP)
QUILT = "要下雨啦,198号楼谁家有人在,请帮我收下被子!"
# Limits well above what the tests send: the cards of a burst are not held back for minutes.
FAST_OUTBOX = {"poll_seconds": 0.2, "per_chat_per_second": 100, "per_group_per_minute": 1000,
               "global_per_second": 1000}  # fmt: skip
# `jinlin run`'s own test config, with outbox limits out of the way and a second group.
CONFIG = RUN_CONFIG.replace(
    # A short lease: a card the killed sender had taken goes out 5 s after the restart, not 30 s.
    "poll_seconds = 0.2",
    "poll_seconds = 0.2\nper_chat_per_second = 100\nper_group_per_minute = 1000\nlease_seconds = 5",
) + """[[communities.compounds]]
name = "东园小区"
buildings = ["1", "2"]
chats = [{other}]
"""


class Bot:
    """`jinlin run` as a process of its own, started and killed as an operator (or the OOM killer) would."""

    def __init__(self, api: FakeBotApi, framework: str, tmp_path: Path) -> None:
        self.api = api
        self.db = tmp_path / "crash.db"
        self.config = tmp_path / "config.toml"
        text = CONFIG.format(framework=framework, api_base=api.base_url, db=self.db, secretary=9001, group=GROUP,
                             other=OTHER_GROUP)  # fmt: skip
        self.config.write_text(text, encoding="utf-8")
        self.process: asyncio.subprocess.Process | None = None
        self.kills = 0

    async def start(self, crash: str | None = None) -> None:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": self.api.token}
        env.pop("JINLIN_CRASH", None)
        if crash:
            env["JINLIN_CRASH"] = crash
        started = len(self.api.sent("setMyCommands"))
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.e2e.crashing_bot", "--log-level", "WARNING", "run",
            "--config", str(self.config), cwd=ROOT, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )
        await self.api.wait_for(lambda: len(self.api.sent("setMyCommands")) > started, timeout=30)

    @property
    def exited(self) -> bool:
        return self.process is not None and self.process.returncode is not None

    async def kill(self) -> None:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.kill()  # SIGKILL: nothing runs on the way out
        await self.process.wait()
        self.kills += 1

    async def crashed(self) -> int:
        assert self.process is not None
        code = await asyncio.wait_for(self.process.wait(), timeout=30)
        self.kills += 1
        return code

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(self.process.wait(), timeout=20)


def card_counts(api: FakeBotApi, posted: list[Json]) -> list[int]:
    """For each posted message: how many cards the bot posted under it."""
    replied = Counter(
        (chat, (m.get("reply_to_message") or {}).get("message_id"))
        for chat in GROUPS
        for m in api.messages_in(chat)
        if m.get("reply_markup")
    )
    return [replied[(p["chat"]["id"], p["message_id"])] for p in posted]


def request_rows(db: Path, posted: list[Json]) -> list[int]:
    with sqlite3.connect(db) as connection:
        rows = Counter(connection.execute("SELECT chat_id, message_id FROM requests").fetchall())
    return [rows[(p["chat"]["id"], p["message_id"])] for p in posted]


def unsettled(db: Path) -> int:
    """Outgoing messages not yet marked sent (a card that arrived may still be one for a moment)."""
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM outbox WHERE status = 'pending'").fetchone()[0])


def assumed(db: Path) -> int:
    """Messages a killed sender had under way, settled by the next one as delivered."""
    with sqlite3.connect(db) as connection:
        query = "SELECT count(*) FROM outbox WHERE error LIKE 'assumed delivered%'"
        return int(connection.execute(query).fetchone()[0])


def ask(api: FakeBotApi, posted: list[Json]) -> Json:
    """One more neighbour asks, in turn in each group."""
    n = len(posted)
    user = api.user(5000 + n, f"邻居{n}")
    message = api.post(api.group(GROUPS[n % 2], f"群{n % 2}"), user, QUILT)
    posted.append(message)
    return message


async def verdict(bot: Bot, posted: list[Json], what: str) -> None:
    """Every request has one row and one card, a kill inside the sender's window (sendMessage
    answered, not yet marked sent) included: the outbox settles such a card as sent."""
    await bot.api.wait_for(lambda: all(card_counts(bot.api, posted)), timeout=60)
    await bot.api.wait_idle(quiet=1.0, timeout=30)
    cards, rows = card_counts(bot.api, posted), request_rows(bot.db, posted)
    lost = sum(c == 0 for c in cards) + sum(r == 0 for r in rows)
    print(f"{what}: {bot.kills} kills, {len(posted)} requests, {lost} lost, {sum(r > 1 for r in rows)} handled "
          f"twice, {sum(c > 1 for c in cards)} cards posted twice, {assumed(bot.db)} under way at a kill and "
          "settled as delivered")
    assert rows == [1] * len(posted)
    assert cards == [1] * len(posted)


async def test_kill_9_at_random_moments_loses_and_doubles_nothing(framework: str, tmp_path: Path) -> None:
    rng = random.Random(f"kill-{framework}")
    posted: list[Json] = []
    async with FakeBotApi(token="7000000003:CRASH_TOKEN") as api:
        bot = Bot(api, framework, tmp_path)
        try:
            for _ in range(6):
                await bot.start()
                for _ in range(5):
                    ask(api, posted)
                    await asyncio.sleep(rng.uniform(0, 0.08))
                await asyncio.sleep(rng.uniform(0, 0.4))  # somewhere in fetch, store, handle, send, confirm
                await bot.kill()
            await bot.start()
            await verdict(bot, posted, f"kill -9 ({framework})")
        finally:
            await bot.stop()


@pytest.mark.parametrize("crash", ["before_handle:3", "before_confirm:2"])
async def test_a_crash_between_store_and_handle_or_handle_and_confirm(
    framework: str, crash: str, tmp_path: Path
) -> None:
    posted: list[Json] = []
    async with FakeBotApi(token="7000000004:CRASH_TOKEN") as api:
        bot = Bot(api, framework, tmp_path)
        try:
            await bot.start(crash)
            for _ in range(5):
                ask(api, posted)
                # One batch each, its card delivered: the crash comes at the inbox, not mid-send.
                await api.wait_for(lambda: all(card_counts(api, posted)) or bot.exited, timeout=45)
                # ...and marked sent: a card answered but not yet marked is the sender's window,
                # which the random kills above meet; this test is about the inbox's.
                await api.wait_for(lambda: bot.exited or unsettled(bot.db) == 0 or None, timeout=45)
            assert await bot.crashed() == 137
            await bot.start()
            ask(api, posted)  # and life goes on
            await verdict(bot, posted, f"crash {crash} ({framework})")
        finally:
            await bot.stop()


async def test_a_burst_of_200_requests_on_sqlite_loses_none(framework: str, tmp_path: Path) -> None:
    db = tmp_path / "burst.db"
    async with FakeBotApi() as api:
        raw = e2e_config(api.base_url, f"sqlite+aiosqlite:///{db}", framework)
        raw["outbox"] = FAST_OUTBOX
        config = parse_config(raw)
        app = await build(config, api.token, clock=ShiftedClock(afternoon(config.bot.timezone)))
        posted: list[Json] = []
        async with running(app):
            for _ in range(200):
                ask(api, posted)
            await api.wait_for(lambda: all(card_counts(api, posted)), timeout=120)
            await settle(api, app, timeout=60)
        cards, rows = card_counts(api, posted), request_rows(db, posted)
        print(f"burst ({framework}): {len(posted)} requests, {sum(r == 0 for r in rows)} lost, "
              f"{sum(c != 1 for c in cards)} without exactly one card")
        assert (cards, rows) == ([1] * 200, [1] * 200)
