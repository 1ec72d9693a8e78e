"""The delivery fault scenarios (`make faults`): each fault on both frameworks, each well under a
minute; the figures are printed at the end of the run (tests/faults/conftest.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.fakeapi import Failure, FakeBotApi
from tests.faults.harness import BUSY, QUIET, Figures, play

pytestmark = [pytest.mark.asyncio, pytest.mark.faults, pytest.mark.parametrize("framework", ["aiogram", "ptb"])]


def all_fired(*failures: Failure) -> Callable[[], bool]:
    return lambda: all(len(f.fired) >= f.times for f in failures)


def clean(figures: Figures) -> None:
    assert (figures.lost, figures.duplicated_cards, figures.flood_violations) == (0, 0, 0), figures
    assert figures.urgent_first, figures


async def test_a_429_storm_with_retry_after(framework: str, tmp_path: Path) -> None:
    async def storm(api: FakeBotApi) -> Callable[[], bool]:
        return all_fired(
            api.fail_next("sendMessage", status=429, retry_after=2, times=6, chat_id=BUSY),
            api.fail_next("sendMessage", status=429, retry_after=1, times=3, chat_id=QUIET),
            api.fail_next("editMessageText", status=429, retry_after=1, times=2),
        )

    figures = await play("429 storm (retry_after 1-2 s)", framework, tmp_path, storm)
    clean(figures)
    assert figures.edits_lost == 0


async def test_5xx_answers(framework: str, tmp_path: Path) -> None:
    async def errors(api: FakeBotApi) -> Callable[[], bool]:
        return all_fired(
            api.fail_next("sendMessage", status=502, times=4, chat_id=BUSY),
            api.fail_next("sendMessage", status=500, times=2, chat_id=QUIET),
            api.fail_next("editMessageText", status=503, times=2),
        )

    figures = await play("5xx (500/502/503)", framework, tmp_path, errors)
    clean(figures)
    assert figures.edits_lost == 0


async def test_timeouts_after_the_request_was_written(framework: str, tmp_path: Path) -> None:
    async def silence(api: FakeBotApi) -> Callable[[], bool]:
        return all_fired(
            api.answer_next("sendMessage", "hang", hang=2.5, times=2, chat_id=BUSY),
            api.answer_next("editMessageText", "hang", hang=2.5, times=1),
        )

    figures = await play("timeouts after the write", framework, tmp_path, silence)
    clean(figures)


async def test_unparseable_2xx_and_result_null(framework: str, tmp_path: Path) -> None:
    async def garbled(api: FakeBotApi) -> Callable[[], bool]:
        return all_fired(
            api.answer_next("sendMessage", "garbage", times=2, chat_id=BUSY),
            api.answer_next("sendMessage", "null", times=1, chat_id=QUIET),
            api.answer_next("editMessageText", "null", times=1),
        )

    figures = await play("unparseable 2xx, result null", framework, tmp_path, garbled)
    clean(figures)


async def test_the_bot_api_down_for_15_seconds(framework: str, tmp_path: Path) -> None:
    async def outage(api: FakeBotApi) -> Callable[[], bool]:
        down = asyncio.create_task(api.outage(15))
        await asyncio.sleep(0)
        return down.done

    figures = await play("Bot API down 15 s, then back", framework, tmp_path, outage)
    clean(figures)
    assert figures.edits_lost == 0
