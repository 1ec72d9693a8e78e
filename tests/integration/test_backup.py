"""`jinlin backup FILE`: a consistent SQLite copy while a writer keeps committing, and pg_dump for
PostgreSQL (or the line to run when pg_dump is missing)."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.ops.backup import backup, pg_dump_command
from storage import migrate

BATCH = 10  # rows the writer commits together: a consistent copy holds whole batches only


def jinlin(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "JINLIN_DATABASE_URL"}
    return subprocess.run([sys.executable, "-m", "bot", *args, "--config", str(config)],
                          capture_output=True, text=True, timeout=120, env=env, check=False)


def config_for(tmp_path: Path, url: str) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    return config


class Writer(threading.Thread):
    """Commits batches of rows as fast as it can, as a busy bot would."""

    def __init__(self, database: Path) -> None:
        super().__init__(daemon=True)
        self.database = database
        self.stop = threading.Event()
        self.batches = 0

    def run(self) -> None:
        connection = sqlite3.connect(self.database, timeout=30, isolation_level=None)
        try:
            while not self.stop.is_set():
                connection.execute("BEGIN IMMEDIATE")
                connection.executemany("INSERT INTO ledger (batch, n) VALUES (?, ?)",
                                       [(self.batches, n) for n in range(BATCH)])
                connection.execute("COMMIT")
                self.batches += 1
        finally:
            connection.close()


def test_sqlite_backup_is_consistent_while_a_writer_commits(tmp_path: Path) -> None:
    database = tmp_path / "jinlin.db"
    url = f"sqlite+aiosqlite:///{database}"
    asyncio.run(migrate.upgrade(url))  # the bot's schema, in WAL mode as the bot leaves it
    with sqlite3.connect(database) as setup:
        setup.execute("CREATE TABLE ledger (batch INTEGER NOT NULL, n INTEGER NOT NULL)")
    config = config_for(tmp_path, url)
    writer = Writer(database)
    writer.start()
    copies: list[int] = []
    try:
        while writer.batches < 50:
            time.sleep(0.01)
        for i in range(3):
            done = jinlin(config, "backup", str(tmp_path / f"copy-{i}.db"))
            assert done.returncode == 0, done.stderr
            assert "backed up" in done.stdout
            with sqlite3.connect(tmp_path / f"copy-{i}.db") as copy:
                assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                torn = copy.execute(f"SELECT batch FROM ledger GROUP BY batch HAVING count(*) != {BATCH}").fetchall()
                assert torn == [], "a copy must hold whole transactions only"
                copies.append(copy.execute("SELECT count(*) FROM ledger").fetchone()[0])
                assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrate.head()
    finally:
        writer.stop.set()
        writer.join(10)
    assert copies[0] >= 50 * BATCH and copies == sorted(copies) and copies[-1] > copies[0], "the writer went on"
    assert not list(tmp_path.glob("*.partial")), "no half-written copy is left behind"


def test_a_missing_sqlite_database_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert backup(f"sqlite+aiosqlite:///{tmp_path / 'absent.db'}", str(tmp_path / "copy.db")) == 1
    assert "no SQLite database" in capsys.readouterr().err
    assert not (tmp_path / "absent.db").exists()


def test_the_documented_pg_dump_line_has_no_password() -> None:
    url = make_url("postgresql+asyncpg://jinlin:s3cret@db:5432/jinlin")
    command = pg_dump_command(url, Path("/backups/jinlin.dump"))
    assert command == ["pg_dump", "--format=custom", "--no-owner", "--file=/backups/jinlin.dump",
                       "--dbname=postgresql://jinlin@db:5432/jinlin"]


def test_without_pg_dump_the_line_to_run_is_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump here
    assert backup("postgresql+asyncpg://jinlin@db/jinlin", str(tmp_path / "x.dump")) == 1
    err = capsys.readouterr().err
    assert "pg_dump is not installed" in err and "pg_dump --format=custom" in err


def test_postgres_backup_runs_pg_dump(postgres_url: str, tmp_path: Path) -> None:
    out = tmp_path / "jinlin.dump"
    done = jinlin(config_for(tmp_path, postgres_url), "backup", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:5] == b"PGDMP", "pg_dump's custom format"
    listing = subprocess.run(["pg_restore", "--list", str(out)], capture_output=True, text=True, check=True).stdout
    assert "TABLE public requests" in listing and "TABLE public outbox" in listing
