"""Two workers sweep the ladder at the same moment, each with its own engine (its own connection
pool), as two processes of a district deployment would: every timer fires exactly once.

PostgreSQL: the due rows are taken with FOR UPDATE SKIP LOCKED, so the workers split them.
SQLite: two engines on one file; every transaction is BEGIN IMMEDIATE, so they take turns.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.bootstrap import make_context
from bot.config import parse_config
from handlers.chat import Keyboard, Outcome
from handlers.context import Context
from handlers.domain import EventType, Request, Status, Volunteer
from handlers.ladder import reschedule, sweep
from handlers.ports import UnitOfWorkFactory
from storage.engine import create_engine
from storage.tables import CallRow, EventRow, OutboxRow
from storage.uow import sql_uow_factory
from tests.fakes import ManualClock
from tests.integration.conftest import Backend

pytestmark = pytest.mark.asyncio

GROUP, NEIGHBOURS, SECRETARY = -1001001, -1001002, 9001
COMMUNITY, COMPOUND, OTHER_COMPOUND = "深田社区", "图强小区", "东园小区"
T0 = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)  # 17:00 in Shanghai: nobody in quiet hours
OPEN_REQUESTS, CLAIMED_REQUESTS = 24, 12
# Requests are posted in building 198. Nobody lives there, so the ladder's compound step calls
# the two volunteers of 196/197, the community step two of the three of 东园小区 (calls_per_ring 2),
# and the secretaries step the last one.
COMPOUND_VOLUNTEERS = {3001: "196", 3002: "197"}
COMMUNITY_VOLUNTEERS = {3101: "1", 3102: "2", 3103: "3"}
SECOND = timedelta(seconds=1)


def config(url: str) -> dict[str, Any]:
    return {
        "bot": {"locale": "zh", "timezone": "Asia/Shanghai", "emergency_number": "120"},
        "telegram": {"framework": "aiogram"},
        "database": {"url": url},
        "matching": {"calls_per_ring": 2},
        "ladder": {
            "compound_after": "10m", "community_after": "30m", "secretaries_after": "1h",
            "follow_up_after": "2h", "overdue_after": "6h", "expire_after": "24h", "urgent_factor": 1,
        },
        "communities": [
            {
                "name": COMMUNITY,
                "secretaries": [SECRETARY],
                "compounds": [
                    {"name": COMPOUND, "buildings": ["196", "197", "198"], "chats": [GROUP]},
                    {"name": OTHER_COMPOUND, "buildings": ["1", "2", "3"], "chats": [NEIGHBOURS]},
                ],
            }
        ],
    }


@dataclass
class Worker:
    """One process: its own engine, unit-of-work factory, clock and context."""

    name: str
    engine: AsyncEngine
    uow: UnitOfWorkFactory
    clock: ManualClock
    ctx: Context

    async def sweep(self, batch: int) -> list[Outcome]:
        return await sweep(self.ctx, self.uow, batch=batch)


@pytest_asyncio.fixture
async def workers(sql_backend: Backend) -> AsyncIterator[tuple[Worker, Worker]]:
    assert sql_backend.url is not None
    settings = parse_config(config(sql_backend.url))
    made = []
    for name in ("a", "b"):
        engine = create_engine(sql_backend.url)
        clock = ManualClock(T0)
        made.append(Worker(name, engine, sql_uow_factory(engine), clock, make_context(settings, clock)))
    try:
        yield made[0], made[1]
    finally:
        for worker in made:
            await worker.engine.dispose()


async def populate(backend: Backend, ctx: Context) -> tuple[list[int], list[int]]:
    """Volunteers, then open and claimed requests all posted at T0; returns (open ids, claimed ids)."""
    open_ids: list[int] = []
    claimed_ids: list[int] = []
    async with backend.uow() as uow:
        for compound, volunteers in ((COMPOUND, COMPOUND_VOLUNTEERS), (OTHER_COMPOUND, COMMUNITY_VOLUNTEERS)):
            for user_id, building in volunteers.items():
                await uow.volunteers.save(
                    Volunteer(user_id, f"v{user_id}", building, compound, COMMUNITY,
                              skills=frozenset({"errand"}), quiet=None, started_bot=True, registered_at=T0)
                )
        for i in range(OPEN_REQUESTS + CLAIMED_REQUESTS):
            request = await uow.requests.add(
                Request(
                    id=0, status=Status.OPEN, chat_id=GROUP, message_id=100 + i, requester_id=2000 + i,
                    requester_name=f"r{i}",
                    text="要下雨啦,198号楼谁家有人在,请帮我收下被子!", category="errand", building="198",
                    compound=COMPOUND, community=COMMUNITY, urgent=False, emergency=False, people_needed=1,
                    posted_at=T0, next_due_at=None,
                )
            )
            if i % 3 == 2:  # every third is claimed at once, by someone who never started the bot
                claimed = await uow.requests.try_claim(request.id, 5000 + i, f"c{i}", T0)
                assert claimed.won and claimed.request is not None
                request = claimed.request
                claimed_ids.append(request.id)
            else:
                open_ids.append(request.id)
            await reschedule(ctx, uow, request)
        await uow.commit()
    return open_ids, claimed_ids


async def events(backend: Backend) -> dict[int, list[tuple[str, int | None]]]:
    """Per request: (type, ring of an escalation) in order."""
    assert backend.engine is not None
    found: dict[int, list[tuple[str, int | None]]] = {}
    async with backend.engine.connect() as connection:
        rows = await connection.execute(
            select(EventRow.request_id, EventRow.type, EventRow.detail).order_by(EventRow.id)
        )
        for request_id, kind, detail in rows:
            ring = (detail or {}).get("ring") if kind == EventType.ESCALATED else None
            found.setdefault(request_id, []).append((kind, ring))
    return found


async def calls(backend: Backend) -> dict[int, list[tuple[int, int]]]:
    """Per request: (user, ring) of every call row."""
    assert backend.engine is not None
    found: dict[int, list[tuple[int, int]]] = {}
    async with backend.engine.connect() as connection:
        rows = await connection.execute(select(CallRow.request_id, CallRow.user_id, CallRow.ring).order_by(CallRow.id))
        for request_id, user_id, ring in rows:
            found.setdefault(request_id, []).append((user_id, ring))
    return found


async def outbox(backend: Backend) -> dict[int, list[tuple[str, int | None, str | None]]]:
    """Per request: (kind, chat, ref) of every outgoing message."""
    assert backend.engine is not None
    found: dict[int, list[tuple[str, int | None, str | None]]] = {}
    async with backend.engine.connect() as connection:
        rows = await connection.execute(
            select(OutboxRow.request_id, OutboxRow.kind, OutboxRow.chat_id, OutboxRow.ref)
            .where(OutboxRow.request_id.is_not(None))
            .order_by(OutboxRow.id)
        )
        for request_id, kind, chat_id, ref in rows:
            assert request_id is not None
            found.setdefault(request_id, []).append((kind, chat_id, ref))
    return found


# The ladder's steps: (time since posting, what open requests did, what claimed ones did).
STEPS: list[tuple[timedelta, str | None, str | None]] = [
    (timedelta(minutes=10), "escalated", None),
    (timedelta(minutes=30), "escalated", None),
    (timedelta(hours=1), "escalated", None),
    (timedelta(hours=2), None, "followed_up"),
    (timedelta(hours=6), None, "reported_overdue"),
    (timedelta(hours=24), "expired", None),
]


def expected_events(step: int, is_open: bool) -> list[tuple[str, int | None]]:
    """The events of one request once steps[0..step] have fired."""
    log: list[tuple[str, int | None]] = []
    for index, (_, open_does, claimed_does) in enumerate(STEPS[: step + 1]):
        does = open_does if is_open else claimed_does
        if does == "escalated":
            log += [("called", None), ("escalated", index + 1)]
        elif does == "expired":
            log.append(("expired", None))
        elif does == "followed_up":
            log.append(("follow_up", None))
        elif does == "reported_overdue":
            log.append(("reported_overdue", None))
    return log


def expected_outbox(step: int, request_id: int, is_open: bool) -> Counter[tuple[str, int | None, str | None]]:
    card = ("edit", GROUP, f"card:{request_id}")
    want: Counter[tuple[str, int | None, str | None]] = Counter()
    for index, (_, open_does, claimed_does) in enumerate(STEPS[: step + 1]):
        does = open_does if is_open else claimed_does
        if does == "escalated":
            want[card] += 1
            if index == 0:
                want.update(("send", u, f"call:{request_id}:{u}") for u in COMPOUND_VOLUNTEERS)
            if index == 2:
                want[("send", SECRETARY, None)] += 1  # the secretary is told
                want[("send", GROUP, None)] += 1  # and the requester: still looking
        elif does == "expired":
            want[card] += 1
            want[("send", GROUP, None)] += 1
        elif does == "followed_up":
            want[("send", GROUP, None)] += 1  # the claimer never started the bot: asked in the group
        elif does == "reported_overdue":
            want[("send", SECRETARY, None)] += 1
    return want


async def check(backend: Backend, step: int, open_ids: list[int], claimed_ids: list[int]) -> None:
    logged, called, queued = await events(backend), await calls(backend), await outbox(backend)
    for request_id in open_ids + claimed_ids:
        is_open = request_id in open_ids
        assert logged.get(request_id, []) == expected_events(step, is_open), f"#{request_id} after step {step}"
        rows = called.get(request_id, [])
        users = [u for u, _ in rows]
        assert len(users) == len(set(users)), f"#{request_id}: someone was called twice: {rows}"
        reached = sum(1 for _, does, _ in STEPS[: step + 1] if does == "escalated") if is_open else 0
        want_rings = [1, 1, 2, 2, 2][: {0: 0, 1: 2, 2: 4, 3: 5}[reached]]
        assert sorted(r for _, r in rows) == want_rings, f"#{request_id} calls after step {step}: {rows}"
        got = Counter(queued.get(request_id, []))
        want = expected_outbox(step, request_id, is_open)
        # The community volunteers' calls depend on who was ranked first: count them apart.
        community_calls = Counter({k: v for k, v in got.items() if k[1] in COMMUNITY_VOLUNTEERS})
        assert all(v == 1 for v in community_calls.values()), f"#{request_id}: a call queued twice"
        assert sum(community_calls.values()) == want_rings.count(2)
        assert got - community_calls == want, f"#{request_id} outbox after step {step}"


async def both(a: Worker, b: Worker, batch: int) -> tuple[list[Outcome], list[Outcome]]:
    first, second = await asyncio.gather(a.sweep(batch), b.sweep(batch))
    return first, second


def acted(outcomes: list[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if o.name != "not_due"]


@pytest.mark.parametrize("batch", [50, 5])
async def test_two_workers_fire_each_timer_once(
    sql_backend: Backend, workers: tuple[Worker, Worker], batch: int
) -> None:
    a, b = workers
    open_ids, claimed_ids = await populate(sql_backend, a.ctx)
    shared_work = 0
    for step, (after, open_does, claimed_does) in enumerate(STEPS):
        for worker in (a, b):
            worker.clock.set(T0 + after + SECOND)
        first, second = await both(a, b, batch)
        await check(sql_backend, step, open_ids, claimed_ids)
        # What the workers report agrees with the database: each due request acted on by one of them.
        done = acted(first) + acted(second)
        expected = {rid: open_does for rid in open_ids} if open_does else {}
        expected |= {rid: claimed_does for rid in claimed_ids} if claimed_does else {}
        assert sorted((o.request_id, o.name) for o in done) == sorted(expected.items()), f"step {step}"
        shared_work += bool(acted(first)) and bool(acted(second))

        # The same moment swept again by both: nothing is due any more.
        again = await both(a, b, batch)
        assert acted(again[0]) == acted(again[1]) == [], f"step {step} fired twice"
        await check(sql_backend, step, open_ids, claimed_ids)

    async with sql_backend.uow() as uow:
        final = await uow.requests.posted_since(None)
    assert {r.id: r.status for r in final} == {
        **{rid: Status.EXPIRED for rid in open_ids},
        **{rid: Status.CLAIMED for rid in claimed_ids},
    }
    assert all(r.next_due_at is None for r in final if r.status is Status.CLAIMED)
    if sql_backend.name == "postgres" and batch < OPEN_REQUESTS:
        # SKIP LOCKED lets the two workers split a step between them rather than queue.
        assert shared_work > 0, "the two workers never swept at the same time: the test proved nothing"


async def test_a_request_that_cannot_advance_holds_up_no_other(
    sql_backend: Backend, workers: tuple[Worker, Worker], monkeypatch: pytest.MonkeyPatch
) -> None:
    """It is first in the due order; were its failure to stop the sweep, no timer would ever fire again."""
    a, _ = workers
    open_ids, _ = await populate(sql_backend, a.ctx)
    broken = open_ids[0]
    card = a.ctx.texts.card

    def faulty(request: Request, called: Sequence[tuple[int, str]]) -> tuple[str, Keyboard]:
        if request.id == broken:
            raise RuntimeError("cannot render this one")
        return card(request, called)

    monkeypatch.setattr(a.ctx.texts, "card", faulty)
    a.clock.set(T0 + STEPS[0][0] + SECOND)

    outcomes = await a.sweep(batch=5)

    assert sorted((o.request_id, o.name) for o in outcomes) == sorted(
        [(broken, "failed")] + [(rid, "escalated") for rid in open_ids[1:]]
    )
    logged = await events(sql_backend)
    assert broken not in logged  # its batch was rolled back, and it was not retried in this sweep
    assert all(logged[rid] == expected_events(0, True) for rid in open_ids[1:])

    monkeypatch.setattr(a.ctx.texts, "card", card)  # fixed: the next sweep takes it
    assert [(o.request_id, o.name) for o in await a.sweep(batch=5)] == [(broken, "escalated")]
    logged = await events(sql_backend)
    assert all(logged[rid] == expected_events(0, True) for rid in open_ids)
