"""The `jinlin` command line, run in-process against a real SQLite file."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.bootstrap import make_context, prepare_database
from bot.cli import main
from bot.clock import SystemClock
from bot.config import load_config
from handlers.chat import ButtonPress, ChatMessage, Sender
from handlers.core import Core
from storage.uow import sql_uow_factory

CONFIG = """
[bot]
locale = "en"
[database]
url = "sqlite+aiosqlite:///{db}"
[[communities]]
name = "深田社区"
secretaries = [1001]
[[communities.compounds]]
name = "图强小区"
buildings = ["196", "197", "198"]
chats = [-1001001]
"""


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG.format(db=tmp_path / "jinlin.db"), encoding="utf-8")
    return path


def _message(update_id: int, user: int, text: str, message_id: int) -> ChatMessage:
    return ChatMessage(update_id, -1001001, False, message_id, Sender(user, f"u{user}"), text, datetime.now(UTC))


async def _an_afternoon(config_file: Path) -> None:
    config = load_config(config_file)
    engine = await prepare_database(config)
    try:
        core = Core(make_context(config, SystemClock()), sql_uow_factory(engine))
        await core.handle(_message(1, 201, "/volunteer 198 电工", 1))
        posted = await core.handle(_message(2, 301, "要下雨啦,198号楼谁家有人在,请帮我收下被子!", 2))
        await core.handle(ButtonPress(3, "cb", -1001001, 99, Sender(201, "u201"), f"c:{posted.request_id}",
                                      datetime.now(UTC)))
        await core.handle(_message(4, 302, "197号楼有没有人能帮忙修下水管?", 3))
        await core.handle(_message(5, 302, "取消,不需要了", 4))
    finally:
        await engine.dispose()


def test_report_json_has_the_documented_fields(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(_an_afternoon(config_file))
    assert main(["report", "--config", str(config_file), "--json", "all"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["period"], report["since"], report["building"], report["communities"]) == ("all", None, None,
                                                                                             ["深田社区"])
    totals = report["requests"]
    assert (totals["total"], totals["claimed"], totals["cancelled"], totals["open"]) == (2, 1, 1, 0)
    assert totals["done"] == 0 and totals["expired"] == 0 and totals["resolved_rate"] == 0.0
    assert totals["median_seconds_to_claim"] is not None and totals["median_seconds_to_claim"] >= 0
    assert totals["median_seconds_to_done"] is None
    assert report["by_building"] == [{"key": "197", "total": 1, "done": 0}, {"key": "198", "total": 1, "done": 0}]
    assert {row["key"] for row in report["by_category"]} == {"laundry", "repair"}
    assert report["helpers"] == [] and [r["status"] for r in report["oldest_open"]] == ["claimed"]
    assert report["visits"] == {"on_roster": 0, "contacts_due": 0, "contacts_done": 0, "visits_due": 0,
                                "visits_done": 0, "visits_overdue": 0, "help_requests": 0}


def test_report_takes_the_words_of_the_slash_command(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(_an_afternoon(config_file))
    assert main(["report", "--config", str(config_file), "today", "building", "198"]) == 0
    out = capsys.readouterr().out
    assert "1 in all" in out and "building 198" in out and "<" not in out, "plain text for a terminal"
    assert main(["report", "--config", str(config_file), "fortnight"]) == 2
    assert "fortnight" in capsys.readouterr().err


def test_export_writes_the_xlsx_and_the_csv_zip(
    config_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    asyncio.run(_an_afternoon(config_file))
    out = tmp_path / "out"
    assert main(["export", "--config", str(config_file), "all", "--out", str(out)]) == 0
    written = sorted(p.name for p in out.iterdir())
    assert [Path(line).name for line in capsys.readouterr().out.split()] == [
        n for n in written if n.endswith(".xlsx")] + [n for n in written if n.endswith(".zip")]
    book = load_workbook(next(out.glob("*.xlsx")), read_only=True)
    assert len(list(book["requests"].iter_rows())) == 3  # the header and two requests
    assert main(["export", "--config", str(config_file), "2025-13", "--out", str(out)]) == 2


def test_match_explains_the_ranking(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(_an_afternoon(config_file))
    assert main(["match", "--config", str(config_file), "--explain", "1"]) == 0
    out = capsys.readouterr().out
    assert "#1 laundry building=198" in out and "u201" in out
    assert main(["match", "--config", str(config_file), "--explain", "999"]) == 1


def test_db_upgrade_reports_the_revision(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "--config", str(config_file), "upgrade"]) == 0
    assert capsys.readouterr().out.strip() != "(empty database)"


def test_run_without_a_token_says_how_to_get_one(
    config_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["run", "--config", str(config_file)]) == 2
    assert "TELEGRAM_BOT_TOKEN" in capsys.readouterr().err


def test_a_bad_config_is_reported_not_raised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[telegram]\nframework = "discord"\n', encoding="utf-8")
    assert main(["report", "--config", str(bad)]) == 2
    assert "framework" in capsys.readouterr().err
