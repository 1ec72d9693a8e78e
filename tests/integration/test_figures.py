"""The figure store gives the same answers from SQL aggregates (SQLite, PostgreSQL) as the fake from memory;
the outbox keeps a file's bytes until it is sent."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from handlers.chat import File, SendFile
from handlers.domain import Event, EventType, Status
from handlers.domain.figures import Counts, Filter, Helper, HourCount, Tally
from handlers.ports import UnitOfWorkFactory
from storage.tables_reports import OutboxFileRow
from tests.integration.conftest import Backend
from tests.integration.helpers import T0, new_request

pytestmark = pytest.mark.asyncio
MIN = timedelta(minutes=1)
ALL = Filter(("Siming", "Huli"))
JUNE = Filter(("Siming",), T0, T0 + timedelta(days=30))


async def seed(factory: UnitOfWorkFactory) -> dict[str, int]:
    """Siming: six requests in June (three done, claimed after 2, 4, 12 min; one claimed; one open, one
    expired), one in May; Huli: one. Volunteers 7001 (two done) and 7002 (one done, one held)."""
    plan = [
        # (key, posted after T0, building, category, ring, claimer, claim after, done after, final status)
        ("a", 0 * MIN, "198", "repair", 0, 7001, 2 * MIN, 30 * MIN, Status.DONE),
        ("b", 60 * MIN, "198", "repair", 1, 7001, 4 * MIN, 50 * MIN, Status.DONE),
        ("c", 61 * MIN, "197", "errand", 3, 7002, 12 * MIN, 100 * MIN, Status.DONE),
        ("d", 24 * 60 * MIN, "197", "errand", 0, 7002, 1 * MIN, None, Status.CLAIMED),
        ("e", 25 * 60 * MIN, None, "repair", 2, None, None, None, Status.OPEN),
        ("f", 26 * 60 * MIN, "198", "errand", 3, None, None, 24 * 60 * MIN, Status.EXPIRED),
        ("may", -3 * 24 * 60 * MIN, "198", "repair", 0, None, None, None, Status.OPEN),
    ]
    ids: dict[str, int] = {}
    async with factory() as uow:
        for n, (key, after, building, category, ring, claimer, claim_after, done_after, status) in enumerate(plan):
            posted = T0 + after
            request = replace(new_request(n + 1, posted_at=posted), building=building, category=category, ring=ring)
            stored = await uow.requests.add(request)
            ids[key] = stored.id
            await uow.events.add(Event(stored.id, EventType.POSTED, 7, posted, {"n": n}))
            if claimer is not None and claim_after is not None:
                await uow.requests.try_claim(stored.id, claimer, f"v{claimer}", posted + claim_after)
            if done_after is not None:
                allowed = (Status.OPEN, Status.CLAIMED)
                await uow.requests.transition(stored.id, allowed, status, posted + done_after)
                await uow.events.add(Event(stored.id, EventType(status.value), claimer, posted + done_after))
        huli = replace(new_request(99, posted_at=T0 + MIN, community="Huli"), building="1")
        ids["huli"] = (await uow.requests.add(huli)).id
        await uow.commit()
    return ids


async def test_counts_medians_and_breakdowns(backend: Backend) -> None:
    await seed(backend.uow)
    async with backend.uow() as uow:
        figures = uow.figures
        assert await figures.counts(JUNE) == Counts(6, 1, 1, 3, 0, 1, escalated=4, to_secretaries=2)
        assert await figures.median_seconds(JUNE, "claim") == 180.0  # of 1, 2, 4, 12 minutes
        assert await figures.median_seconds(JUNE, "done") == 3000.0  # of 30, 50, 100 minutes
        assert await figures.median_seconds(Filter(("Siming",), T0, T0 + MIN), "done") == 1800.0  # one: itself
        assert await figures.median_seconds(Filter(("Nowhere",)), "claim") is None
        assert await figures.breakdown(JUNE, "building") == [Tally("198", 3, 2), Tally("197", 2, 1), Tally(None, 1, 0)]
        assert await figures.breakdown(JUNE, "category") == [Tally("errand", 3, 1), Tally("repair", 3, 2)]
        assert (await figures.counts(ALL)).total == 8
        assert (await figures.counts(replace(JUNE, building="198", category="repair"))).total == 2


async def test_the_summary_is_the_figures_taken_one_by_one(backend: Backend) -> None:
    await seed(backend.uow)
    async with backend.uow() as uow:
        figures = uow.figures
        for f in (JUNE, ALL, replace(JUNE, building="197"), replace(JUNE, category="repair"), Filter(("Nowhere",))):
            totals, by_building, by_category = await figures.summary(f)
            assert totals.counts == await figures.counts(f)
            assert totals.median_seconds_to_claim == await figures.median_seconds(f, "claim")
            assert totals.median_seconds_to_done == await figures.median_seconds(f, "done")
            assert list(by_building.rows) == await figures.breakdown(f, "building")
            assert list(by_category.rows) == await figures.breakdown(f, "category")
        totals, _, _ = await figures.summary(JUNE)
        assert (totals.median_seconds_to_claim, totals.median_seconds_to_done) == (180.0, 3000.0)


async def test_helpers_waiting_and_hours(backend: Backend) -> None:
    ids = await seed(backend.uow)
    async with backend.uow() as uow:
        figures = uow.figures
        assert await figures.helpers(JUNE, 5) == [Helper("v7001", 2), Helper("v7002", 1)]
        assert await figures.helpers(JUNE, 1) == [Helper("v7001", 2)]
        waiting = await figures.waiting(JUNE.any_time(), 5)
        assert [(w.id, w.status) for w in waiting] == [(ids["may"], "open"), (ids["d"], "claimed"), (ids["e"], "open")]
        hours = await figures.hourly(JUNE)
        assert hours[:2] == [HourCount(T0, 1, 1), HourCount(T0 + 60 * MIN, 2, 2)]
        assert sum(h.posted for h in hours) == 6 and all(h.hour.tzinfo is not None for h in hours)


async def test_the_export_rows(backend: Backend) -> None:
    ids = await seed(backend.uow)
    async with backend.uow() as uow:
        figures = uow.figures
        requests = await figures.requests(JUNE)
        assert [r.id for r in requests] == [ids[k] for k in "abcdef"]
        assert await figures.helped_by(JUNE) == {
            ids["a"]: ("v7001",),
            ids["b"]: ("v7001",),
            ids["c"]: ("v7002",),
            ids["d"]: ("v7002",),
        }
        events = await figures.events(JUNE)
        first = [(ids["a"], EventType.POSTED), (ids["a"], EventType.DONE)]
        assert [(e.request_id, e.type) for e in events[:2]] == first
        assert len(events) == 6 + 4


async def test_a_files_bytes_wait_in_the_outbox_until_sent(backend: Backend) -> None:
    png = File("chart.png", b"\x89PNG" + bytes(range(256)) * 40, "image/png")
    async with backend.uow() as uow:
        await uow.outbox.add(SendFile(-100, png, "<b>chart</b>", photo=True))
        await uow.commit()
    [leased] = await backend.queue.lease(T0, 10, 30)
    assert leased.action == SendFile(-100, png, "<b>chart</b>", photo=True)
    assert isinstance(leased.action, SendFile) and leased.action.file.data == png.data
    await backend.queue.sent(leased, 5, datetime.now(UTC))
    if backend.engine is not None:  # sent: the bytes are dropped, the row (with the file's name) stays
        async with backend.engine.connect() as connection:
            assert await connection.scalar(select(func.count()).select_from(OutboxFileRow)) == 0
