"""`TELEGRAM_BOT_TOKEN=… jinlin run --config FILE` as a real process against a Bot API-compatible server."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from bot.fakeapi import FakeBotApi

pytestmark = [pytest.mark.asyncio, pytest.mark.parametrize("framework", ["aiogram", "ptb"])]

ROOT = Path(__file__).resolve().parents[2]
GROUP = -1001001
SECRETARY = 1001

CONFIG = """
[bot]
locale = "en"
[telegram]
framework = "{framework}"
api_base = "{api_base}"
poll_timeout = 1
[database]
url = "sqlite+aiosqlite:///{db}"
[outbox]
poll_seconds = 0.2
[[communities]]
name = "深田社区"
secretaries = [{secretary}]
[[communities.compounds]]
name = "图强小区"
buildings = ["196", "197", "198"]
chats = [{group}]
"""


async def test_run_serves_the_core_loop_and_stops_cleanly(framework: str, tmp_path: Path) -> None:
    async with FakeBotApi(token="7000000002:RUN_SECRET_TOKEN") as api:
        config = tmp_path / "config.toml"
        config.write_text(
            CONFIG.format(framework=framework, api_base=api.base_url, db=tmp_path / "run.db",
                          secretary=SECRETARY, group=GROUP),
            encoding="utf-8",
        )
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": api.token}
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--config", str(config), cwd=ROOT, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )
        try:
            group = api.group(GROUP, "图强小区邻里群")
            grandma, neighbour = api.user(301, "张奶奶"), api.user(201, "陈阿姨")
            secretary = api.user(SECRETARY, "王书记")
            await api.wait_for(lambda: api.sent("setMyCommands"), timeout=30)
            quilt = api.post(group, grandma, "要下雨啦,198号楼谁家有人在,请帮我收下被子!")
            card = await api.wait_for(
                lambda: next((m for m in api.messages_in(GROUP) if m.get("reply_markup")), None), timeout=15
            )
            assert card["reply_to_message"]["message_id"] == quilt["message_id"]
            claim = card["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
            api.press(group, neighbour, card["message_id"], claim)
            await api.wait_for(lambda: "陈阿姨" in api.messages_in(GROUP)[0]["text"], timeout=15)
            api.post(group, neighbour, "收好了", reply_to=card["message_id"])
            await api.wait_for(lambda: not api.messages_in(GROUP)[0].get("reply_markup"), timeout=15)
            api.post(api.private(secretary), secretary, "/report today")
            report = await api.wait_for(lambda: api.messages_in(SECRETARY), timeout=15)
            assert "1" in report[0]["text"]
            assert api.flood_violations(per_chat_burst=1) == []
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            output, _ = await asyncio.wait_for(process.communicate(), timeout=20)
            print(output.decode())  # shown by pytest when the test fails
        assert process.returncode == 0, output.decode()
        log = output.decode()
        assert "RUN_SECRET_TOKEN" not in log, "the token is never logged"
        assert "Jinlin is running" in log
