"""The health and metrics listener, started for real in the bot's lifespan and scraped over HTTP,
on both frameworks; and JSON log lines carrying the update's and the request's ids."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.ops.logs import JsonFormatter
from tests.e2e.harness import GROUP, Scene, scene

pytestmark = [pytest.mark.asyncio, pytest.mark.parametrize("framework", ["aiogram", "ptb"])]

QUILT = "要下雨啦,198号楼谁家有人在,请帮我收下被子!"
LISTEN: dict[str, object] = {"listen": "127.0.0.1:0"}

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


async def get(s: Scene, path: str) -> tuple[int, str]:
    assert s.app.ops.address is not None, "the listener should be up"
    host, port = s.app.ops.address
    async with aiohttp.ClientSession() as http, http.get(f"http://{host}:{port}{path}") as response:
        return response.status, await response.text()


async def scrape(s: Scene) -> Samples:
    status, body = await get(s, "/metrics")
    assert status == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_counters_move_after_an_update_and_health_is_ok(framework: str, tmp_path: Path) -> None:
    async with scene(framework, tmp_path / "bot.db", ops=LISTEN) as s:
        before = await scrape(s)
        assert value(before, "jinlin_updates_total", outcome="posted") == 0
        assert value(before, "jinlin_database_up") == 1
        s.api.fail_next("sendMessage", status=429, retry_after=1, chat_id=GROUP)
        s.user("zhang", 301, "张奶奶")
        await s.card(s.post("zhang", QUILT))
        await s.settle()
        after = await scrape(s)
        assert value(after, "jinlin_updates_total", outcome="posted") == 1
        assert value(after, "jinlin_update_seconds_count") == value(before, "jinlin_update_seconds_count") + 1
        assert value(after, "jinlin_update_seconds_sum") > 0
        assert value(after, "jinlin_requests", status="open") == 1
        assert value(after, "jinlin_bot_api_calls_total", method="sendMessage", result="429") == 1
        assert value(after, "jinlin_bot_api_calls_total", method="sendMessage", result="ok") >= 1
        assert value(after, "jinlin_outbox_pending") == 0
        assert value(after, "jinlin_outbox_oldest_seconds") == 0
        assert value(after, "process_resident_memory_bytes") > 0
        status, body = await get(s, "/healthz")
        assert status == 200, body
        health = json.loads(body)
        assert health["status"] == "ok" and health["failed"] == []
        assert health["checks"]["updates"]["seconds_since_last"] < 30
        assert health["checks"]["outbox"]["pending"] == 0


async def test_ladder_steps_are_counted(framework: str, tmp_path: Path) -> None:
    async with scene(
        framework, tmp_path / "bot.db", ops=LISTEN,
        compound_after="1s", community_after="60s", secretaries_after="2h", expire_after="7h",
    ) as s:  # fmt: skip
        s.user("zhang", 301, "张奶奶")
        await s.card(s.post("zhang", QUILT))
        for _ in range(100):
            if value(await scrape(s), "jinlin_ladder_steps_total", step="escalated") >= 1:
                break
            await asyncio.sleep(0.1)
        assert value(await scrape(s), "jinlin_ladder_steps_total", step="escalated") == 1


@contextmanager
def json_lines() -> Iterator[io.StringIO]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield out
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


async def test_json_log_lines_carry_the_update_and_request_ids(framework: str, tmp_path: Path) -> None:
    with json_lines() as out:
        async with scene(framework, tmp_path / "bot.db") as s:
            s.user("zhang", 301, "张奶奶")
            await s.card(s.post("zhang", QUILT))
            await s.settle()
            [request] = await s.requests()
    lines: list[dict[str, Any]] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines and all({"time", "level", "logger", "message", "update_id", "request_id"} <= set(e) for e in lines)
    [handled] = [e for e in lines if e["message"].startswith("handled update")]
    assert handled["logger"] == "handlers.core" and handled["level"] == "INFO"
    assert handled["update_id"] == int(handled["message"].split()[2].rstrip(":"))
    assert handled["request_id"] == request.id
    started = next(e for e in lines if e["message"].startswith("Jinlin is running"))
    assert started["update_id"] is None and started["request_id"] is None, "outside any update, no ids"
