"""`jinlin run` as a real process, against the fake Bot API serving each start-up fault: one clear
line on stderr, exit code 2, no traceback, no unclosed session; on both frameworks."""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import sys
from pathlib import Path

import pytest

from bot.fakeapi import FakeBotApi
from storage import migrate

pytestmark = [pytest.mark.asyncio, pytest.mark.parametrize("framework", ["aiogram", "ptb"])]

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "7000000003:STARTUP_SECRET"
SECRETARY = 1001
GROUP = -1001001

CONFIG = """
[bot]
locale = "en"
[telegram]
framework = "{framework}"
api_base = "{api_base}"
poll_timeout = 1
request_timeout = 3
[database]
url = "{db}"
[outbox]
poll_seconds = 0.2
{extra}
[[communities]]
name = "深田社区"
secretaries = [{secretary}]
[[communities.compounds]]
name = "图强小区"
buildings = ["198"]
chats = [{group}]
"""


def write_config(tmp_path: Path, framework: str, api_base: str, db: str | None = None, extra: str = "") -> Path:
    path = tmp_path / "config.toml"
    db = db or f"sqlite+aiosqlite:///{tmp_path / 'run.db'}"
    text = CONFIG.format(framework=framework, api_base=api_base, db=db, extra=extra, secretary=SECRETARY, group=GROUP)
    path.write_text(text, encoding="utf-8")
    return path


async def run(config: Path, token: str = TOKEN, timeout: float = 40) -> tuple[int, str]:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": token, "PYTHONWARNINGS": "default"}
    env.pop("JINLIN_DATABASE_URL", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--config", str(config), cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await asyncio.wait_for(process.communicate(), timeout=timeout)
    assert process.returncode is not None
    return process.returncode, err.decode()


def assert_one_clear_line(code: int, stderr: str, *words: str) -> None:
    assert code == 2, stderr
    assert "Traceback" not in stderr and "Unclosed" not in stderr, stderr
    [line] = [line for line in stderr.splitlines() if line.startswith("jinlin: cannot start:")]
    for word in words:
        assert word in line, line
    assert TOKEN.split(":")[1] not in stderr, "the token is never shown"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_a_bad_token(framework: str, tmp_path: Path) -> None:
    async with FakeBotApi(token="7000000003:SOMETHING_ELSE") as api:
        code, err = await run(write_config(tmp_path, framework, api.base_url))
    assert_one_clear_line(code, err, "Telegram refused the token", "TELEGRAM_BOT_TOKEN")


async def test_the_bot_api_unreachable(framework: str, tmp_path: Path) -> None:
    code, err = await run(write_config(tmp_path, framework, f"http://127.0.0.1:{closed_port()}"))
    assert_one_clear_line(code, err, "cannot reach the Bot API", "getMe")


async def test_a_malformed_get_me(framework: str, tmp_path: Path) -> None:
    async with FakeBotApi(token=TOKEN) as api:
        api.patch_me(first_name=None)  # a required field missing
        code, err = await run(write_config(tmp_path, framework, api.base_url))
    assert_one_clear_line(code, err, "answered getMe with something Jinlin cannot read")


async def test_the_database_unreachable(framework: str, tmp_path: Path) -> None:
    async with FakeBotApi(token=TOKEN) as api:
        db = f"postgresql+asyncpg://postgres@127.0.0.1:{closed_port()}/jinlin"
        code, err = await run(write_config(tmp_path, framework, api.base_url, db=db))
    assert_one_clear_line(code, err, "cannot open the database at postgresql+asyncpg://postgres@127.0.0.1")


async def test_a_database_migrated_by_a_newer_jinlin(framework: str, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'newer.db'}"
    await migrate.upgrade(url)
    with sqlite3.connect(tmp_path / "newer.db") as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    async with FakeBotApi(token=TOKEN) as api:
        code, err = await run(write_config(tmp_path, framework, api.base_url, db=url))
    assert_one_clear_line(code, err, "migrated by a newer Jinlin", "9999")


async def test_a_config_error(framework: str, tmp_path: Path) -> None:
    config = write_config(tmp_path, framework, "http://127.0.0.1:1", extra="max_attempts = 0")
    code, err = await run(config)
    assert code == 2 and "Traceback" not in err
    assert err.strip().splitlines()[-1] == "config error: [outbox] max_attempts: must be more than 0, got 0"


async def test_privacy_mode_and_a_failing_menu_are_warnings_and_the_secretary_is_told(
    framework: str, tmp_path: Path
) -> None:
    async with FakeBotApi(token=TOKEN) as api:
        api.patch_me(can_read_all_group_messages=False)
        api.fail_next("setMyCommands", status=400, description="Bad Request: BOT_COMMAND_INVALID")
        api.user(SECRETARY, "王书记")
        api.user_started(SECRETARY)
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN}
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--config", str(write_config(tmp_path, framework, api.base_url)),
            cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        try:
            told = await api.wait_for(lambda: api.messages_in(SECRETARY), timeout=30)
        finally:
            process.terminate()
            output, _ = await asyncio.wait_for(process.communicate(), timeout=20)
    log = output.decode()
    assert process.returncode == 0, log
    assert "cannot read ordinary group messages" in told[0]["text"]
    assert "can_read_all_group_messages is false" in log and "README" in log
    assert "could not set the command menu (setMyCommands)" in log and "Traceback" not in log
