"""`jinlin demo` is the product's own smoke test: it must play the afternoon to a report."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.demo import play
from bot.fakeapi.files import PNG_SIGNATURE
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
    # The secretary's /report chart and /export, saved where the demo says.
    folder = tmp_path / "demo-files"
    assert f"Files saved in {folder}" in transcript
    charts = sorted(folder.glob("*.png"))
    assert len(charts) == 3 and all(str(c) in transcript for c in charts)
    for chart in charts:
        data = chart.read_bytes()
        assert data.startswith(PNG_SIGNATURE) and data[12:16] == b"IHDR"
        assert struct.unpack(">II", data[16:24])[0] > 0
    [xlsx] = folder.glob("*.xlsx")
    assert len(list(folder.glob("*-csv.zip"))) == 1
    book = load_workbook(io.BytesIO(xlsx.read_bytes()), read_only=True)
    assert book.sheetnames == ["求助", "记录", "民情", "走访"]  # the demo speaks zh
    _, *rows = book.worksheets[0].iter_rows(values_only=True)
    assert len(rows) == len(requests) and any("被子" in str(r[10]) for r in rows)
    _, *visit_rows = book.worksheets[3].iter_rows(values_only=True)
    assert len(visit_rows) == len(visits)
