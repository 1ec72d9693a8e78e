"""Real concurrency against real databases: many units of work at once, one winner."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from handlers.domain import Status
from handlers.ports import ClaimResult
from tests.integration.conftest import Backend
from tests.integration.helpers import T0, add_request, new_request

pytestmark = pytest.mark.asyncio


async def _claim(backend: Backend, request_id: int, user_id: int) -> ClaimResult:
    async with backend.uow() as uow:
        result = await uow.requests.try_claim(request_id, user_id, f"n{user_id}", T0 + timedelta(seconds=user_id))
        await uow.commit()
        return result


@pytest.mark.parametrize("needed", [1, 3])
async def test_twenty_claims_at_once(sql_backend: Backend, needed: int) -> None:
    request = await add_request(sql_backend.uow, new_request(people_needed=needed))
    results = await asyncio.gather(*(_claim(sql_backend, request.id, u) for u in range(1, 21)))
    winners = sorted(u for u, r in zip(range(1, 21), results, strict=True) if r.won)
    assert len(winners) == needed
    assert {r.reason for r in results if not r.won} == {"taken"}
    async with sql_backend.uow() as uow:
        final = await uow.requests.get(request.id)
        records = await uow.volunteers.records(range(1, 21), T0)
    assert final is not None and final.status is Status.CLAIMED
    assert sorted(final.claimers) == winners
    assert sum(r.open_claims for r in records.values()) == needed


async def test_same_person_twice_at_once(sql_backend: Backend) -> None:
    request = await add_request(sql_backend.uow, new_request(people_needed=2))
    results = await asyncio.gather(*(_claim(sql_backend, request.id, 5) for _ in range(5)))
    assert sum(r.won for r in results) == 1
    assert {r.reason for r in results if not r.won} == {"already_yours"}
    async with sql_backend.uow() as uow:
        final = await uow.requests.get(request.id)
    assert final is not None and final.claimers == (5,) and final.status is Status.OPEN


async def test_two_due_consumers_never_share_a_request(pg_backend: Backend) -> None:
    for message_id in range(1, 11):
        await add_request(pg_backend.uow, new_request(message_id, due_in=timedelta(minutes=message_id)))
    both_locked = asyncio.Event()
    arrived = 0

    async def consume() -> list[int]:
        nonlocal arrived
        async with pg_backend.uow() as uow:
            taken = await uow.requests.due(T0 + timedelta(hours=1), 6)
            # Hold the locks until the other consumer has run its query too.
            arrived += 1
            if arrived == 2:
                both_locked.set()
            await asyncio.wait_for(both_locked.wait(), 5)
            await uow.commit()
            return [r.id for r in taken]

    first, second = await asyncio.gather(consume(), consume())
    assert not set(first) & set(second)
    assert sorted(first + second) == list(range(1, 11))
