"""`jinlin doctor` against the fake Bot API over HTTP: all green, a bad token, a chat the bot is not
in, privacy mode on; the database missing or behind; and the command's exit code."""

from __future__ import annotations

import asyncio
import io
import os
import sys
import tomllib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.config import TOKEN_ENV
from bot.fakeapi import FakeBotApi
from bot.ops.doctor import doctor
from storage.migrate import head, upgrade
from tests.e2e.harness import GROUP, OTHER_GROUP, e2e_config

pytestmark = pytest.mark.asyncio


def write_config(path: Path, api_base: str, db: Path) -> Path:
    raw = e2e_config(api_base, f"sqlite+aiosqlite:///{db}", "aiogram")
    lines = [f'[telegram]\napi_base = "{api_base}"\n', f'[database]\nurl = "{raw["database"]["url"]}"\n']
    for community in raw["communities"]:
        lines.append(f'[[communities]]\nname = "{community["name"]}"\n')
        for compound in community["compounds"]:
            lines.append(f'[[communities.compounds]]\nname = "{compound["name"]}"\n'
                         f'buildings = {compound["buildings"]!r}\nchats = {compound["chats"]!r}\n')
    path.write_text("\n".join(lines).replace("'", '"'), encoding="utf-8")
    tomllib.loads(path.read_text(encoding="utf-8"))  # the test's own file must be valid
    return path


@pytest_asyncio.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        fake.group(GROUP, "图强小区邻里群")
        fake.group(OTHER_GROUP, "东园小区邻里群")
        yield fake


@pytest_asyncio.fixture
async def config(api: FakeBotApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(TOKEN_ENV, api.token)
    monkeypatch.delenv("JINLIN_DATABASE_URL", raising=False)
    db = tmp_path / "bot.db"
    await upgrade(f"sqlite+aiosqlite:///{db}")
    return write_config(tmp_path / "config.toml", api.base_url, db)


async def checklist(config: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = await doctor(str(config), out)
    return code, out.getvalue().splitlines()


def line(lines: list[str], start: str) -> str:
    [found] = [entry for entry in lines if entry[2:].startswith(start)]
    return found


async def test_all_green(config: Path, api: FakeBotApi) -> None:
    code, lines = await checklist(config)
    assert code == 0, lines
    assert all(entry.startswith("✓") for entry in lines[:-1]) and lines[-1] == f"all {len(lines) - 1} checks passed"
    assert "@jinlin_test_bot" in line(lines, "token works") and "privacy mode off" in line(lines, "token works")
    assert "图强小区邻里群" in line(lines, f"chat {GROUP} (图强小区) reachable")
    assert "privacy mode is off" in line(lines, f"chat {OTHER_GROUP} (东园小区) reads every message")
    assert line(lines, "migrations current").endswith(f"at {head()}")
    assert "Asia/Shanghai" in line(lines, "timezone valid")
    assert {c.method for c in api.calls} == {"getMe", "getChat", "getChatMember"}, "a doctor changes nothing"


async def test_a_bad_token(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, "999:WRONG")
    code, lines = await checklist(config)
    assert code == 1
    assert line(lines, "token works").startswith("✗") and "401" in line(lines, "token works")
    assert "999:WRONG" not in "\n".join(lines)
    assert not [entry for entry in lines if entry[2:].startswith("chat ")], "no chat is asked with a refused token"
    assert line(lines, "database reachable").startswith("✓"), "the other checks still run"


async def test_no_token(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV)
    code, lines = await checklist(config)
    assert code == 1 and TOKEN_ENV in line(lines, "token works")


async def test_a_chat_the_bot_is_not_in(config: Path, api: FakeBotApi) -> None:
    api.set_member_status(OTHER_GROUP, api.bot["id"], "left")
    code, lines = await checklist(config)
    assert code == 1
    other = line(lines, f"chat {OTHER_GROUP} (东园小区) reachable")
    assert other.startswith("✗") and "left" in other and "add the bot" in other
    assert line(lines, f"chat {GROUP} (图强小区) reachable").startswith("✓")
    assert lines[-1] == f"1 of {len(lines) - 1} checks failed"


async def test_a_chat_telegram_does_not_know(api: FakeBotApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, api.token)
    db = tmp_path / "bot.db"
    await upgrade(f"sqlite+aiosqlite:///{db}")
    path = write_config(tmp_path / "config.toml", api.base_url, db)
    path.write_text(path.read_text(encoding="utf-8").replace(str(OTHER_GROUP), "-1009999"), encoding="utf-8")
    code, lines = await checklist(path)
    assert code == 1 and "chat not found" in line(lines, "chat -1009999 (东园小区) reachable")


async def test_privacy_mode_on(config: Path, api: FakeBotApi) -> None:
    api.group_privacy = True
    api.set_member_status(GROUP, api.bot["id"], "administrator")
    code, lines = await checklist(config)
    assert code == 1
    assert "privacy mode on" in line(lines, "token works")
    assert line(lines, f"chat {GROUP} (图强小区) reads every message") == (
        f"✓ chat {GROUP} (图强小区) reads every message: the bot is an administrator"
    )
    blind = line(lines, f"chat {OTHER_GROUP} (东园小区) reads every message")
    assert blind.startswith("✗") and "sees only commands" in blind and "/setprivacy" in blind


async def test_the_database_missing_or_behind(config: Path, tmp_path: Path) -> None:
    (tmp_path / "bot.db").unlink()
    code, lines = await checklist(config)
    assert code == 1 and "no such file" in line(lines, "database reachable")
    assert not (tmp_path / "bot.db").exists(), "a doctor creates no database"
    await upgrade(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", "0001")
    code, lines = await checklist(config)
    assert code == 1 and line(lines, "migrations current").startswith("✗ migrations current: at 0001, the code needs")


async def test_an_invalid_config(tmp_path: Path) -> None:
    broken = tmp_path / "config.toml"
    broken.write_text('[bot]\ntimezone = "Mars/Olympus"\n', encoding="utf-8")
    code, lines = await checklist(broken)
    assert code == 1 and lines[0] == "✗ config valid: [bot] timezone: unknown time zone 'Mars/Olympus'"


async def test_the_command_exits_non_zero_on_a_failure(config: Path, api: FakeBotApi) -> None:
    async def run() -> tuple[int, str]:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "doctor", "--config", str(config),
            stdout=asyncio.subprocess.PIPE, env={**os.environ, TOKEN_ENV: api.token},
        )  # fmt: skip
        out, _ = await process.communicate()
        return int(process.returncode or 0), out.decode()

    code, out = await run()
    assert code == 0 and out.splitlines()[-1].startswith("all ")
    api.group_privacy = True
    code, out = await run()
    assert code == 1 and "✗ chat" in out
