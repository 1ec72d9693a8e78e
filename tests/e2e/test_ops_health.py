"""/healthz says 503 and names what failed: the database unreachable, the outbox lagging, no update
for too long; the listener started for real and asked over HTTP."""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import insert

from bot.config import ConfigError, OpsSection
from bot.ops.metrics import Metrics
from bot.ops.server import OpsServer
from storage.engine import create_engine
from storage.migrate import upgrade
from storage.tables import OutboxRow

pytestmark = pytest.mark.asyncio

NOW = datetime(2026, 5, 1, 6, 0, tzinfo=UTC)


class Ticking:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@asynccontextmanager
async def listening(url: str, metrics: Metrics | None = None, **settings: Any) -> AsyncIterator[OpsServer]:
    engine = create_engine(url)
    server = OpsServer(OpsSection(listen=("127.0.0.1", 0), **settings), engine, metrics or Metrics(), clock=lambda: NOW)
    try:
        async with server.serving():
            yield server
    finally:
        await engine.dispose()


async def ask(server: OpsServer, path: str = "/healthz") -> tuple[int, Any]:
    assert server.address is not None
    host, port = server.address
    async with aiohttp.ClientSession() as http, http.get(f"http://{host}:{port}{path}") as response:
        body = await response.text()
        return response.status, json.loads(body) if path == "/healthz" else body


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_503_when_the_database_is_unreachable() -> None:
    url = f"postgresql+asyncpg://nobody@127.0.0.1:{closed_port()}/jinlin"
    async with listening(url) as server:
        status, body = await ask(server)
        assert status == 503
        assert body["status"] == "fail" and body["failed"] == ["database", "outbox"]
        assert body["checks"]["database"]["error"]
        assert body["checks"]["updates"]["ok"] is True
        status, metrics = await ask(server, "/metrics")
        assert status == 200, "the process's own counters are still served"
        assert "jinlin_database_up 0.0" in metrics


async def test_503_when_the_oldest_unsent_message_is_too_old(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    await upgrade(url)
    async with listening(url, outbox_lag_max=timedelta(minutes=1)) as server:
        status, body = await ask(server)
        assert status == 200 and body["checks"]["outbox"] == {"ok": True, "pending": 0, "oldest_seconds": 0.0,
                                                              "max": 60.0}
        async with server.engine.begin() as connection:
            await connection.execute(insert(OutboxRow).values(
                chat_id=-1001001, kind="send", payload={}, status="pending", created_at=NOW - timedelta(minutes=3),
            ))  # fmt: skip
        status, body = await ask(server)
        assert status == 503 and body["failed"] == ["outbox"]
        assert body["checks"]["outbox"]["pending"] == 1 and body["checks"]["outbox"]["oldest_seconds"] == 180.0


async def test_503_when_no_update_came_for_too_long(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    await upgrade(url)
    clock = Ticking()
    metrics = Metrics(monotonic=clock)
    async with listening(url, metrics, updates_within=timedelta(hours=1)) as server:
        clock.now += 3599
        assert (await ask(server))[0] == 200, "counted from the start while none came yet"
        clock.now += 2
        status, body = await ask(server)
        assert status == 503 and body["failed"] == ["updates"]
        metrics.update_handled("chat", 0.01)
        assert (await ask(server))[0] == 200


async def test_a_port_already_taken_is_a_clear_config_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
        server = OpsServer(OpsSection(listen=("127.0.0.1", port)), engine, Metrics())
        with pytest.raises(ConfigError, match=rf"\[ops\] listen: cannot listen on 127.0.0.1:{port}"):
            await server.start()
        await engine.dispose()
