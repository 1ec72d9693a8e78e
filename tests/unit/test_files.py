"""The file maker: PNG charts, the XLSX and the CSV zip, in either locale; nothing loaded at start-up."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from bot.fakeapi.files import PNG_SIGNATURE, image_size
from bot.files import LocalFiles, charts
from bot.texts.words import Words
from handlers.domain import Report
from handlers.domain.exports import Table
from handlers.domain.figures import ByBuilding, ByCategory, DayCount, Tally
from handlers.domain.report_args import Period, ReportQuery

ROOT = Path(__file__).resolve().parents[2]
TZ = ZoneInfo("Asia/Shanghai")


def test_building_the_bot_loads_no_chart_or_spreadsheet_library() -> None:
    code = (
        "import sys; from bot.bootstrap import make_context; from bot.config import parse_config; "
        "from bot.clock import SystemClock; make_context(parse_config({}), SystemClock()); "
        "loaded = [m for m in ('matplotlib', 'openpyxl', 'numpy') if m in sys.modules]; assert not loaded, loaded"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("locale", ["zh", "en"])
def test_charts_are_pngs_of_the_documented_size(locale: str) -> None:
    rows = (Tally("198", 5, 3), Tally(None, 1, 0), Tally("B&<1>", 2, 2))
    report = Report(
        ReportQuery(Period("2025-06", datetime(2025, 6, 1, tzinfo=UTC), None)), ("x",),
        (ByBuilding(rows), ByCategory((Tally("repair", 4, 3), Tally("weird<cat>", 1, 0)))),
    )  # fmt: skip
    days = [DayCount(date(2025, 6, d), d % 3, d % 2) for d in range(1, 31)]

    made = LocalFiles(locale, TZ).charts(report, days)

    assert [f.name for f in made] == ["chart-daily.png", "chart-categories.png", "chart-buildings.png"]
    for chart in made:
        assert chart.data.startswith(PNG_SIGNATURE) and chart.mime == "image/png"
        assert image_size(chart.data) == (900, 480)
        assert struct.unpack(">II", chart.data[16:24]) == (900, 480)


def test_without_a_cjk_font_chinese_charts_are_labelled_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    words, fonts = charts._words(Words("zh", TZ))
    assert words.locale == "en" and fonts == ["DejaVu Sans"]
    monkeypatch.setattr(charts, "cjk_font", lambda: "Noto Sans CJK SC")
    words, fonts = charts._words(Words("zh", TZ))
    assert words.locale == "zh" and fonts[0] == "Noto Sans CJK SC"


TABLES = [
    Table("requests", ("id", "text", "urgent"), [(1, '=HYPERLINK("x")', True), (2, "收被子", False)]),
    Table("visits", ("at", "note")),
]


def test_the_workbook_has_a_sheet_per_table_with_localized_headers_and_inert_formulas() -> None:
    made = LocalFiles("zh", TZ).workbook(TABLES, "jinlin-x")

    assert made.name == "jinlin-x.xlsx"
    book = load_workbook(io.BytesIO(made.data))
    assert book.sheetnames == ["求助", "走访"]
    sheet = book["求助"]
    assert [c.value for c in sheet[1]] == ["编号", "内容", "紧急"]
    assert [c.value for c in sheet[2]] == [1, '\'=HYPERLINK("x")', True]
    assert sheet["B2"].data_type == "s"
    assert [[c.value for c in row] for row in book["走访"].iter_rows()] == [["时间", "备注"]]


def test_the_csv_zip_holds_one_csv_per_table_with_a_bom() -> None:
    made = LocalFiles("en", TZ).csv_archive(TABLES, "jinlin-x")

    with zipfile.ZipFile(io.BytesIO(made.data)) as archive:
        assert archive.namelist() == ["jinlin-x-requests.csv", "jinlin-x-visits.csv"]
        first = archive.read("jinlin-x-requests.csv")
    assert first.startswith("\ufeff".encode())
    lines = first.decode("utf-8-sig").splitlines()
    assert lines == ["id,text,urgent", '1,"\'=HYPERLINK(""x"")",True', "2,收被子,False"]


def test_the_workbook_keeps_every_kind_of_cell() -> None:
    wide = tuple(f"c{n}" for n in range(30))  # past column Z
    odd = Table("requests", ("id", "text", "ratio", "none", "yes", *wide), [
        (7, "  a <b> & \"c\"\n第二行 ", 0.25, None, False, *range(30)),
        (-3, "bell\x07 and\ttab", 1e-7, "", True, *(str(n) for n in range(30))),
    ])  # fmt: skip
    made = LocalFiles("en", TZ).workbook([odd, Table("events", ("at",))], "x")

    book = load_workbook(io.BytesIO(made.data))
    assert len(book.sheetnames) == 2
    sheet = book.worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0][:5] == [7, '  a <b> & "c"\n第二行 ', 0.25, None, False] and rows[0][5:] == list(range(30))
    # XML can hold no control character but tab and newline: the bell is dropped, not the cell;
    # an empty string is no cell, as openpyxl wrote it.
    assert rows[1][:5] == [-3, "bell and\ttab", 1e-7, None, True] and rows[1][-1] == "29"
    assert sheet.max_column == 35 and sheet.cell(1, 35).value == "c29"
