"""The bots of `make bench-e2e` as real processes: Jinlin (`jinlin run`) and the bare echo bots,
their config and database, and what /proc says of them (CPU time, RSS)."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy.engine import make_url

from bot.fakeapi import FakeBotApi

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
TICK = os.sysconf("SC_CLK_TCK")
# Twenty groups, one compound each: the throughput mixes use the first five, the rainstorm all.
GROUPS = [-1002000000 - i for i in range(20)]


def buildings(group: int) -> list[str]:
    index = GROUPS.index(group)
    return [str(100 * (index + 1) + k) for k in range(1, 6)]


def jinlin_config(framework: str, api_base: str, db_url: str, *, real_limits: bool) -> str:
    # The throughput mixes measure the bot, not Telegram's limits: five chats at one message a
    # second would cap any bot at 5 answers/s. The rainstorm keeps the production defaults.
    lifted = "per_chat_per_second = 1000\nper_group_per_minute = 100000\nglobal_per_second = 100000\n"
    limits = "" if real_limits else lifted
    compounds = "".join(
        f'[[communities.compounds]]\nname = "小区{i}"\nbuildings = {buildings(g)!r}\nchats = [{g}]\n'.replace("'", '"')
        for i, g in enumerate(GROUPS)
    )
    return (
        f'[bot]\nlocale = "zh"\n[telegram]\nframework = "{framework}"\napi_base = "{api_base}"\npoll_timeout = 1\n'
        f'[database]\nurl = "{db_url}"\n[outbox]\n{limits}'
        f'[[communities]]\nname = "深田社区"\nsecretaries = [9001]\n{compounds}'
    )


@dataclass
class Database:
    """A fresh database for one bot process: a SQLite file, or a PostgreSQL database dropped after."""

    kind: str  # sqlite | postgres
    url: str
    path: Path | None = None  # SQLite
    admin_url: str | None = None  # PostgreSQL
    name: str | None = None

    @classmethod
    async def create(cls, kind: str, workdir: Path, pg_url: str) -> Database:
        if kind == "sqlite":
            path = workdir / f"jinlin-{secrets.token_hex(3)}.db"
            return cls(kind, f"sqlite+aiosqlite:///{path}", path=path)
        name = f"jinlin_bench_{secrets.token_hex(4)}"
        admin = await asyncpg.connect(dsn(pg_url), timeout=5)
        try:
            await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
        url = make_url(pg_url).set(database=name).render_as_string(hide_password=False)
        return cls(kind, url, admin_url=pg_url, name=name)

    async def drop(self) -> None:
        if self.admin_url is None:
            return
        admin = await asyncpg.connect(dsn(self.admin_url), timeout=5)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        finally:
            await admin.close()


def dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@dataclass
class BotProcess:
    """One bot under test, on its own fake Bot API (so every call it makes is its own)."""

    name: str  # e.g. "jinlin aiogram sqlite", "echo ptb"
    framework: str
    api: FakeBotApi
    workdir: Path
    database: Database | None = None  # None: an echo bot
    real_limits: bool = False
    process: asyncio.subprocess.Process | None = None
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.workdir / f"{self.name.replace(' ', '-')}.log"

    @property
    def is_jinlin(self) -> bool:
        return self.database is not None

    async def start(self, timeout: float = 90) -> None:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": self.api.token}
        if self.database is None:
            argv = [sys.executable, str(BENCH / f"echo_{self.framework}.py"), self.api.base_url]
        else:
            config = self.workdir / f"{self.name.replace(' ', '-')}.toml"
            text = jinlin_config(self.framework, self.api.base_url, self.database.url, real_limits=self.real_limits)
            config.write_text(text, encoding="utf-8")
            argv = [sys.executable, "-m", "bot", "run", "--config", str(config)]
            if profile := os.environ.get("JINLIN_BENCH_PROFILE"):
                # Where the bot's CPU goes: cProfile's file, written when the bot stops cleanly.
                argv[1:1] = ["-m", "cProfile", "-o", f"{profile}/{self.name.replace(' ', '-')}.prof"]
        with self.log.open("wb") as log:
            self.process = await asyncio.create_subprocess_exec(*argv, cwd=ROOT, env=env, stdout=log, stderr=log)
        # Jinlin advertises its command menu once it is up; an echo bot is up once it polls.
        ready = "setMyCommands" if self.is_jinlin else "getUpdates"
        await self.api.wait_for(
            lambda: any(c.method == ready for c in self.api.calls) or self.process_exited(), timeout=timeout
        )
        if self.process_exited():
            raise RuntimeError(f"{self.name} exited: {self.log.read_text(encoding='utf-8')[-2000:]}")

    def process_exited(self) -> bool:
        return self.process is not None and self.process.returncode is not None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def cpu_seconds(self) -> float:
        """The process's own CPU time so far (user + system, /proc/PID/stat)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK

    def rss_mib(self) -> tuple[float, float]:
        """(current, peak) resident memory in MiB (/proc/PID/status VmRSS, VmHWM)."""
        found = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0]) / 1024
        return found["VmRSS"], found["VmHWM"]

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), timeout=30)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        await self.api.stop()
        if self.database is not None:
            await self.database.drop()
