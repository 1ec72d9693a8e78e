"""The sender runs while its worker leads, also when the worker wins the lock back while its
sender was still stopping (a PostgreSQL restart: every lock is lost, the same worker may win)."""

from __future__ import annotations

import asyncio
from typing import cast

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.leadership import Leadership, send_while_elected

pytestmark = pytest.mark.asyncio


class FakeLead:
    name = "outbox sender"

    def __init__(self) -> None:
        self._leader, self._lost = asyncio.Event(), asyncio.Event()
        self._leader.set()

    @property
    def leading(self) -> bool:
        return self._leader.is_set()

    async def held(self) -> None:
        await self._leader.wait()

    async def lost(self) -> None:
        await self._lost.wait()

    def lose(self) -> None:
        self._leader.clear()
        self._lost.set()

    def win(self) -> None:
        self._lost.clear()
        self._leader.set()


async def test_a_lock_won_back_while_the_sender_was_stopping_runs_the_sender_again() -> None:
    lead, runs = FakeLead(), list[int]()
    stopping, stopped = asyncio.Event(), asyncio.Event()

    async def run() -> None:
        runs.append(len(runs) + 1)
        stopping.clear()
        await stopping.wait()

    async def stop() -> None:
        lead.win()  # the same worker is elected again before its old sender has finished stopping
        stopping.set()
        stopped.set()

    loop = asyncio.create_task(send_while_elected(
        cast(Leadership, lead), cast(AsyncEngine, None), run, stop, lambda: None, handover=3600,
    ))  # fmt: skip
    await asyncio.sleep(0.01)
    lead.lose()
    await asyncio.wait_for(stopped.wait(), 1)
    for _ in range(100):
        if len(runs) == 2:
            break
        await asyncio.sleep(0.01)
    assert runs == [1, 2] and not loop.done()
    stopping.set()  # stopped from outside (shutting down): the loop returns
    await asyncio.wait_for(loop, 1)
