"""`jinlin demo` is the product's own smoke test: it must play the afternoon to a report."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.demo import play
from handlers.domain import EventType, Status
from handlers.domain.concerns import ConcernStatus, MatterEventType
from handlers.domain.visits import VisitEventType
from storage.engine import create_engine
from storage.uow import sql_uow_factory

pytestmark = pytest.mark.asyncio


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_demo_plays_the_afternoon_to_a_report(framework: str, tmp_path: Path) -> None:
    lines: list[str] = []
    db = tmp_path / "demo.db"
    assert await play(framework, str(db), "zh", out=lines.append) == 0
    transcript = "\n".join(lines)
    assert "Flood limits: kept" in transcript
    assert "📊" in transcript, "ends with the secretary's report"

    engine = create_engine(f"sqlite+aiosqlite:///{db}")
    try:
        async with sql_uow_factory(engine)() as uow:
            requests = await uow.requests.posted_since(None)
            history = {r.id: await uow.events.for_request(r.id) for r in requests}
            matters = await uow.concern_book.listed(["深田社区"])
            told = {m.id: await uow.concern_book.history(m.id) for m in matters}
            visits = [e.type for e in await uow.rosters.history(1)]
    finally:
        await engine.dispose()

    def via(request_id: int, kind: EventType) -> set[object]:
        return {e.detail.get("via") for e in history[request_id] if e.type is kind}

    done = [r for r in requests if r.status is Status.DONE]
    assert any(via(r.id, EventType.CLAIMED) == {"button"} and via(r.id, EventType.DONE) == {"button"} for r in done)
    assert any(via(r.id, EventType.CLAIMED) == {"message"} for r in done), "one claimed by a reply"
    assert any(r.status is Status.CANCELLED for r in requests)
    climbed = [r for r in requests if any(e.type is EventType.ESCALATED for e in history[r.id])]
    assert climbed and any(any(e.type is EventType.DECLINED for e in history[r.id]) for r in climbed)
    emergency = next(r for r in requests if r.emergency)
    assert emergency.urgent
    # The desk: the lift raised by three neighbours is one concern, tabled, fixed, and the group told.
    lift = next(m for m in matters if m.residents == 3)
    assert lift.status is ConcernStatus.FIXED and lift.outcome
    moves = [e.detail.get("to") for e in told[lift.id] if e.type is MatterEventType.STATUS]
    assert moves == ["tabled", "fixed"] and any(e.type is MatterEventType.TOLD for e in told[lift.id])
    assert "✅ 已解决" in transcript
    assert visits == [VisitEventType.ADDED, VisitEventType.REMINDED_CONTACT, VisitEventType.VISITED,
                      VisitEventType.NOTE], "a visit reminder answered, with a note"
    assert "已记录「🏠 已上门」" in transcript
