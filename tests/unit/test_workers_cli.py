"""`jinlin run --workers N`: refused on SQLite (one line, exit 2), and what each worker runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.workers import one_worker, refusal


def test_several_workers_on_sqlite_are_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "sqlite+aiosqlite:///{tmp_path / "x.db"}"\n', encoding="utf-8")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST")
    monkeypatch.delenv("JINLIN_DATABASE_URL", raising=False)
    assert main(["run", "--config", str(config), "--workers", "3"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--workers 3 needs PostgreSQL" in err
    assert not (tmp_path / "x.db").exists()  # refused before anything was started


def test_refusal() -> None:
    assert refusal(1, "sqlite+aiosqlite:///x.db") is None
    assert refusal(4, "postgresql+asyncpg://u@h/db") is None
    assert refusal(0, "postgresql+asyncpg://u@h/db") == "--workers must be at least 1, got 0"
    assert refusal(2, "sqlite+aiosqlite:///x.db") is not None


def test_each_worker_runs_the_same_command_without_workers() -> None:
    assert one_worker(["--log-level", "INFO", "run", "--workers", "4", "--config", "c.toml"]) == [
        "--log-level", "INFO", "run", "--config", "c.toml"
    ]
    assert one_worker(["run", "--workers=4"]) == ["run"]
