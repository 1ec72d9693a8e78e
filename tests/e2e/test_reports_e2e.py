"""`/report`, `/report chart` and `/export` through the real aiogram and PTB stacks: the fake Bot API
receives the photos and documents as multipart uploads, and the files open."""

from __future__ import annotations

import csv
import io
import struct
import zipfile
from pathlib import Path

import pytest
from matplotlib import image
from openpyxl import load_workbook

from bot.fakeapi.files import PNG_SIGNATURE
from tests.e2e.harness import GROUP, SECRETARY, Scene, scene
from tests.e2e.test_rosters import wait_text

pytestmark = [pytest.mark.asyncio, pytest.mark.parametrize("framework", ["aiogram", "ptb"])]

QUILT = "要下雨啦,198号楼谁家有人在,请帮我收下被子!"
RESIDENT = "王爷爷"
PIPE = "=197号楼谁能帮我修一下水管"  # a formula-looking text must stay text in the spreadsheet


async def a_done_and_an_open_request(s: Scene) -> None:
    s.user("chen", 201, "陈阿姨")
    s.user("zhang", 301, "张奶奶")
    s.user("sec", SECRETARY, "秘书小林")
    s.private("chen", "/volunteer 198 跑腿")
    await s.settle()
    quilt = s.post("zhang", QUILT)
    card = await s.card(quilt)
    s.api.press(s.group, s.users["chen"], card["message_id"], s.buttons(card)[0])
    await s.settle()
    s.post("chen", "收好了", reply_to=card["message_id"])
    s.post("zhang", PIPE)
    await s.settle()


async def test_report_chart_sends_three_pngs_that_decode(framework: str, tmp_path: Path) -> None:
    async with scene(framework, tmp_path / "bot.db") as s:
        await a_done_and_an_open_request(s)

        s.post("sec", "/report chart all")
        await s.settle()

        photos = s.api.files(GROUP, "sendPhoto")
        assert [p.filename for p in photos] == ["chart-daily.png", "chart-categories.png", "chart-buildings.png"]
        for photo in photos:
            assert photo.data.startswith(PNG_SIGNATURE)
            width, height = struct.unpack(">II", photo.data[16:24])
            assert (width, height) == (900, 480)
            pixels = image.imread(io.BytesIO(photo.data), format="png")
            assert pixels.shape[:2] == (480, 900)
        sent = s.api.sent("sendPhoto", GROUP)
        assert sent[0].result["photo"][0]["width"] == 900  # what the client parsed back


async def test_export_sends_an_xlsx_and_csvs_privately_with_the_right_rows(framework: str, tmp_path: Path) -> None:
    async with scene(framework, tmp_path / "bot.db") as s:
        await a_done_and_an_open_request(s)
        s.private("sec", "/start")
        await s.settle()
        s.private("sec", f"/roster add 198 201 {RESIDENT} 3/5 elderly")
        reminder = await wait_text(s, 201, lambda t: RESIDENT in t)
        chen = s.users["chen"]
        s.api.press(s.api.private(chen), chen, reminder["message_id"], s.buttons(reminder)[0])  # contacted
        await s.settle()

        s.post("sec", "/export all")
        await s.settle()

        assert "privately" in s.api.messages_in(GROUP)[-1]["text"]
        assert not s.api.files(GROUP), "nothing naming residents goes to the group"
        xlsx, archive = s.api.files(SECRETARY, "sendDocument")
        assert xlsx.filename is not None and xlsx.filename.endswith(".xlsx")
        book = load_workbook(io.BytesIO(xlsx.data), read_only=True)
        assert book.sheetnames == ["requests", "events", "concerns", "visits"]
        rows = list(book["requests"].iter_rows(values_only=True))
        header, *requests = rows
        assert header[:3] == ("id", "posted at", "status")
        assert [(r[2], r[10]) for r in requests] == [("done", QUILT), ("open", "'" + PIPE)]
        assert requests[0][13] == "陈阿姨"  # helped by
        events = list(book["events"].iter_rows(values_only=True))[1:]
        assert {e[2] for e in events} >= {"posted", "claimed", "done"}

        header, *visits = book["visits"].iter_rows(values_only=True)
        assert header == ("at", "resident", "compound", "building", "carer", "event", "note")
        assert [v[1:6] for v in visits] == [
            (RESIDENT, "图强小区", "198", "陈阿姨", kind) for kind in ("added", "reminded_contact", "contacted")
        ]
        assert not any("elderly" in str(cell) for v in visits for cell in v), "the need stays on the roster"

        with zipfile.ZipFile(io.BytesIO(archive.data)) as zipped:
            names = zipped.namelist()
            assert [n.rsplit("-", 1)[-1] for n in names] == ["requests.csv", "events.csv", "concerns.csv", "visits.csv"]
            text = zipped.read(names[0]).decode("utf-8-sig")
        lines = list(csv.reader(io.StringIO(text)))
        assert len(lines) == 3 and lines[1][10] == QUILT
        assert "📦 2" in (xlsx.caption or "")


async def test_report_text_in_the_group_and_a_refusal_to_others(framework: str, tmp_path: Path) -> None:
    async with scene(framework, tmp_path / "bot.db") as s:
        await a_done_and_an_open_request(s)

        s.post("zhang", "/export")
        s.post("sec", "/report all building 198")
        s.post("sec", "/report fortnight")
        await s.settle()

        texts = [m.get("text", "") for m in s.api.messages_in(GROUP)]
        assert any("only" in t and "secretaries" in t for t in texts)
        report = next(t for t in texts if t.startswith("📊"))
        assert "1 in all" in report and "100%" in report and "building 198" in report
        assert any("fortnight" in t and "Usage" in t for t in texts)
