"""Webhook mode on both frameworks, over HTTP both ways: the fake Bot API posts each update to
the bot's own server (bot/transports/webhook.py) with the secret token, as Telegram does.

A request posted by webhook gets its card; a request without the right secret gets 401 and
nothing is stored; a crash between the store (the 200 has gone out) and the handling loses
nothing: the restarted bot handles it from the inbox.
"""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from bot.bootstrap import App, build, running
from bot.clock import ShiftedClock
from bot.config import parse_config
from bot.demo import afternoon
from bot.fakeapi import FakeBotApi, Json
from tests.e2e.harness import GROUP, e2e_config, settle
from tests.e2e.test_crash import QUILT, Bot, card_counts, verdict

pytestmark = [pytest.mark.asyncio, pytest.mark.parametrize("framework", ["aiogram", "ptb"])]

SECRET = "webhook-secret_42"
PATH = "/tg/hook"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def webhook_keys(port: int) -> dict[str, object]:
    return {"mode": "webhook", "webhook_listen": f"127.0.0.1:{port}", "webhook_path": PATH,
            "webhook_url": f"http://127.0.0.1:{port}{PATH}"}  # fmt: skip


@asynccontextmanager
async def webhook_bot(api: FakeBotApi, framework: str, db: Path, port: int) -> AsyncIterator[App]:
    raw = e2e_config(api.base_url, f"sqlite+aiosqlite:///{db}", framework)
    raw["telegram"].update(webhook_keys(port))
    config = parse_config(raw)
    app = await build(config, api.token, clock=ShiftedClock(afternoon(config.bot.timezone)))
    async with running(app):
        yield app


def inbox_rows(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM inbox").fetchone()[0])


@pytest.fixture(autouse=True)
def secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JINLIN_WEBHOOK_SECRET", SECRET)


async def test_a_request_by_webhook_gets_its_card(framework: str, tmp_path: Path) -> None:
    port = free_port()
    async with FakeBotApi() as api, webhook_bot(api, framework, tmp_path / "hook.db", port) as app:
        [hook] = api.sent("setWebhook")
        assert hook.params["url"] == f"http://127.0.0.1:{port}{PATH}"
        assert hook.params["secret_token"] == SECRET
        assert "callback_query" in hook.params["allowed_updates"]
        assert str(hook.params.get("drop_pending_updates", False)).lower() == "false"
        assert not api.sent("deleteWebhook")
        posted = api.post(api.group(GROUP, "图强小区邻里群"), api.user(301, "张奶奶"), QUILT)
        await api.wait_for(lambda: card_counts(api, [posted]) == [1], timeout=15)
        await settle(api, app)
        assert [status for _, status in api.webhook.posts] == [200]
        assert not [c for c in api.calls if c.method == "getUpdates"]  # the webhook, not polling


@pytest.mark.parametrize("given", [None, "wrong-secret"])
async def test_a_wrong_or_missing_secret_gets_401_and_nothing_is_stored(
    framework: str, given: str | None, tmp_path: Path
) -> None:
    port, db = free_port(), tmp_path / "hook.db"
    async with FakeBotApi() as api, webhook_bot(api, framework, db, port) as app:
        update: Json = {"update_id": 5, "message": {"message_id": 1, "date": 0, "text": QUILT,
                        "chat": {"id": GROUP, "type": "supergroup", "title": "g"},
                        "from": {"id": 301, "is_bot": False, "first_name": "x"}}}  # fmt: skip
        headers = {"X-Telegram-Bot-Api-Secret-Token": given} if given else {}
        async with aiohttp.ClientSession() as http:
            async with http.post(f"http://127.0.0.1:{port}{PATH}", json=update, headers=headers) as r:
                assert r.status == 401
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            async with http.post(f"http://127.0.0.1:{port}/elsewhere", json=update, headers=headers) as r:
                assert r.status == 404
        await settle(api, app)
        assert inbox_rows(db) == 0
        assert not api.messages_in(GROUP)


class WebhookBot(Bot):
    """`jinlin run` in webhook mode, as a process of its own."""

    def __init__(self, api: FakeBotApi, framework: str, tmp_path: Path) -> None:
        super().__init__(api, framework, tmp_path)
        port = free_port()
        text = self.config.read_text(encoding="utf-8")
        keys = "".join(f'{key} = "{value}"\n' for key, value in webhook_keys(port).items())
        self.config.write_text(text.replace("[telegram]\n", f"[telegram]\n{keys}", 1), encoding="utf-8")


async def test_a_crash_between_store_and_handle_loses_nothing(framework: str, tmp_path: Path) -> None:
    posted: list[Json] = []
    async with FakeBotApi(token="7000000005:HOOK_TOKEN") as api:
        bot = WebhookBot(api, framework, tmp_path)
        try:
            await bot.start("before_handle:1")
            posted.append(api.post(api.group(GROUP, "图强小区邻里群"), api.user(5001, "邻居"), QUILT))
            assert await bot.crashed() == 137
            assert inbox_rows(bot.db) == 1  # stored, then the crash: not handled
            await bot.start()
            await verdict(bot, posted, f"webhook crash before_handle ({framework})")
        finally:
            await bot.stop()
