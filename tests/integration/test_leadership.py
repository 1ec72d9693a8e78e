"""One leader among workers, by a PostgreSQL advisory lock: the second waits, and takes over within
seconds when the first goes (its connection closed, as a killed process's is)."""

from __future__ import annotations

import asyncio
import time

import pytest

from storage.engine import create_engine
from storage.leadership import Leadership
from tests.integration.conftest import Backend

pytestmark = pytest.mark.asyncio


async def test_one_leads_and_another_takes_over_when_it_goes(pg_backend: Backend) -> None:
    assert pg_backend.url is not None
    engines = [create_engine(pg_backend.url), create_engine(pg_backend.url)]  # two processes' pools
    first, second = (Leadership(engine, 4242, "test", retry_seconds=0.1) for engine in engines)
    try:
        await asyncio.wait_for(first.held(), 5)
        waiting = asyncio.create_task(second.held())
        await asyncio.sleep(0.5)
        assert first.leading and not second.leading and not waiting.done()
        gone = time.monotonic()
        await first.close()
        await asyncio.wait_for(waiting, 5)
        print(f"\ntakeover after the leader went: {time.monotonic() - gone:.2f}s")
        assert second.leading and not first.leading
    finally:
        for lead in (first, second):
            await lead.close()
        for engine in engines:
            await engine.dispose()
