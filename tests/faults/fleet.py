"""`jinlin run --workers N` on a PostgreSQL database of its own, against the fake Bot API: the fault
suite's bot. Finds its workers (/proc) and who leads (pg_stat_activity), kills them with SIGKILL."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import pytest_asyncio
from sqlalchemy.engine import make_url

from bot.fakeapi import FakeBotApi, Json
from tests.e2e.harness import GROUP, OTHER_GROUP
from tests.integration.conftest import PG_ADMIN_URL

ROOT = Path(__file__).resolve().parents[2]
GROUPS = (GROUP, OTHER_GROUP)
SECRET = "fault-suite-secret"
QUILT = "要下雨啦,198号楼谁家有人在,请帮我收下被子!"
CONFIG = """
[bot]
locale = "en"
[telegram]
framework = "{framework}"
api_base = "{api_base}"
poll_timeout = 1
{webhook}
[database]
url = "{db}"
[outbox]
poll_seconds = 0.2
per_chat_per_second = 100
per_group_per_minute = 1000
global_per_second = 1000
[jobs]
sweep_seconds = 0.2
[ladder]
compound_after = "{ladder}"
community_after = "2h"
secretaries_after = "3h"
follow_up_after = "3h"
overdue_after = "6h"
expire_after = "24h"
[[communities]]
name = "深田社区"
secretaries = [9001]
[[communities.compounds]]
name = "图强小区"
buildings = ["196", "197", "198"]
chats = [{group}]
[[communities.compounds]]
name = "东园小区"
buildings = ["1", "2"]
chats = [{other}]
"""


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest_asyncio.fixture
async def pg_database() -> AsyncIterator[str]:
    """A fresh PostgreSQL database for one scenario (the workers migrate it)."""
    name = f"jinlin_faults_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(_dsn(PG_ADMIN_URL), timeout=5)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


class Fleet:
    def __init__(self, api: FakeBotApi, framework: str, tmp_path: Path, db_url: str, *, workers: int = 4,
                 webhook_port: int | None = None, ladder: str = "1h") -> None:  # fmt: skip
        self.api, self.db_url, self.workers = api, db_url, workers
        hook = "" if webhook_port is None else (
            f'mode = "webhook"\nwebhook_listen = "127.0.0.1:{webhook_port}"\n'
            f'webhook_url = "http://127.0.0.1:{webhook_port}/hook"\nwebhook_path = "/hook"'
        )
        self.config = tmp_path / "config.toml"
        text = CONFIG.format(framework=framework, api_base=api.base_url, webhook=hook, db=db_url, ladder=ladder,
                             group=GROUP, other=OTHER_GROUP)  # fmt: skip
        self.config.write_text(text, encoding="utf-8")
        self.log = tmp_path / "fleet.log"
        self.process: asyncio.subprocess.Process | None = None
        self.kills = 0

    async def __aenter__(self) -> Fleet:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": self.api.token, "JINLIN_WEBHOOK_SECRET": SECRET}
        with self.log.open("wb") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "--log-level", "INFO", "run", "--config", str(self.config),
                "--workers", str(self.workers), cwd=ROOT, env=env, stdout=log, stderr=log,
            )
        # Every worker advertises the command menu once it is up.
        await self.api.wait_for(
            lambda: len(self.api.sent("setMyCommands")) >= self.workers or self._exited(), timeout=60
        )
        assert not self._exited(), self.log.read_text(encoding="utf-8")[-2000:]
        await self.leader("outbox sender")
        return self

    async def __aexit__(self, *_: object) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(self.process.wait(), timeout=40)

    def _exited(self) -> bool:
        return self.process is not None and self.process.returncode is not None

    def pids(self) -> set[int]:
        assert self.process is not None
        found = set()
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == \
                        self.process.pid:  # fmt: skip
                    found.add(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
        return found

    async def sql(self, query: str) -> list[asyncpg.Record]:
        connection = await asyncpg.connect(_dsn(self.db_url), timeout=5)
        try:
            return list(await connection.fetch(query))
        finally:
            await connection.close()

    async def leader(self, name: str, *, not_pid: int | None = None, timeout: float = 20) -> int:
        """The pid of the worker holding `name`'s lock (another than `not_pid`), once there is one."""
        deadline = time.monotonic() + timeout
        while True:
            rows = await self.sql(f"SELECT application_name FROM pg_stat_activity "
                                  f"WHERE application_name LIKE 'jinlin {name} pid=%'")  # fmt: skip
            pids = [int(r["application_name"].rsplit("=", 1)[1]) for r in rows]
            live = [p for p in pids if p != not_pid and p in self.pids()]
            if live:
                return live[0]
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {name} elected in {timeout}s")
            await asyncio.sleep(0.1)

    async def kill_leader(self, name: str) -> tuple[int, float]:
        """kill -9 the worker leading `name`; (its pid, seconds until another worker leads)."""
        pid = await self.leader(name)
        os.kill(pid, signal.SIGKILL)
        self.kills += 1
        killed = time.monotonic()
        await self.leader(name, not_pid=pid)
        return pid, time.monotonic() - killed


def ask(api: FakeBotApi, posted: list[Json]) -> Json:
    n = len(posted)
    message = api.post(api.group(GROUPS[n % 2], f"群{n % 2}"), api.user(5000 + n, f"邻居{n}"), QUILT)
    posted.append(message)
    return message


def cards_per_request(api: FakeBotApi, posted: list[Json]) -> list[int]:
    replied = Counter(
        (chat, (m.get("reply_to_message") or {}).get("message_id"))
        for chat in GROUPS for m in api.messages_in(chat) if m.get("reply_markup")
    )  # fmt: skip
    return [replied[(p["chat"]["id"], p["message_id"])] for p in posted]


async def rows_per_request(fleet: Fleet, posted: list[Json]) -> list[int]:
    rows = Counter((r["chat_id"], r["message_id"]) for r in await fleet.sql("SELECT chat_id, message_id FROM requests"))
    return [rows[(p["chat"]["id"], p["message_id"])] for p in posted]
