"""`jinlin forget USER_ID` (and `--resident ENTRY_ID`) on a real SQLite file: the words go, the report stays, a
rerun removes nothing."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.e2e.test_cli import CONFIG, _an_afternoon


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG.format(db=tmp_path / "jinlin.db"), encoding="utf-8")
    return path


def _report(config_file: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["report", "all", "--config", str(config_file), "--json"]) == 0
    report: dict[str, object] = json.loads(capsys.readouterr().out)
    return report


def test_forget_prints_what_it_removed_and_keeps_the_report(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_an_afternoon(config_file))
    before = _report(config_file, capsys)

    assert main(["forget", "--config", str(config_file), "301"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("user 301: removed") and "  requests: 1" in out and "  people: 1" in out

    assert _report(config_file, capsys) == before
    assert main(["forget", "--config", str(config_file), "201", "--json"]) == 0
    helper = json.loads(capsys.readouterr().out)
    assert helper["removed"]["volunteers"] == 1 and helper["removed"]["claims"] == 1
    assert main(["forget", "--config", str(config_file), "301"]) == 0
    assert "nothing to remove" in capsys.readouterr().out


def test_forget_a_resident_by_roster_entry_or_refuse_both_at_once(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_an_afternoon(config_file))
    assert main(["forget", "--config", str(config_file), "--resident", "4242"]) == 0
    assert capsys.readouterr().out.startswith("roster entry 4242: nothing to remove")
    assert main(["forget", "--config", str(config_file), "--resident", "4242", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["removed"] == {"roster": 0, "visit notes": 0, "outbox": 0}
    assert main(["forget", "--config", str(config_file), "301", "--resident", "1"]) == 2
    assert main(["forget", "--config", str(config_file)]) == 2
    assert "USER_ID or --resident" in capsys.readouterr().err
