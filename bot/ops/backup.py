"""`jinlin backup FILE`: a consistent copy of the database while the bot runs.

SQLite: the online backup API (sqlite3.Connection.backup) copies every page in one step under a
read transaction, so the copy is one committed state even while the bot writes (WAL lets it write
meanwhile); written beside FILE, checked with PRAGMA integrity_check, then renamed into place.
PostgreSQL: `pg_dump --format=custom` (restore with `pg_restore --dbname URL FILE`), with the
password passed in PGPASSWORD, never on the command line.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from storage.engine import is_sqlite


def backup(url: str, out: str) -> int:
    target = Path(out)
    if is_sqlite(url):
        return _sqlite(make_url(url).database or "", target)
    return _postgres(make_url(url), target)


def _sqlite(database: str, target: Path) -> int:
    if database in ("", ":memory:") or not Path(database).exists():
        print(f"backup: no SQLite database at {database or '(memory)'}", file=sys.stderr)
        return 1
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(database, timeout=30)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)  # pages=-1: all at once, so no writer can make it start over
        verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
        source.close()
    if verdict != "ok":
        partial.unlink(missing_ok=True)
        print(f"backup: the copy failed its integrity check: {verdict}", file=sys.stderr)
        return 1
    partial.replace(target)
    print(f"backed up {database} to {target} ({target.stat().st_size} bytes; restore: stop the bot, copy it back)")
    return 0


def pg_dump_command(url: URL, target: Path) -> list[str]:
    """The documented line: libpq's URL without the driver and without the password."""
    plain = url._replace(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", f"--dbname={plain}"]


def _postgres(url: URL, target: Path) -> int:
    command = pg_dump_command(url, target)
    if shutil.which("pg_dump") is None:
        print("backup: pg_dump is not installed (Debian: apt-get install postgresql-client); run:\n  "
              + " ".join(command), file=sys.stderr)
        return 1
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    done = subprocess.run(command, env=env, check=False)
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        print(f"backup: pg_dump failed (exit {done.returncode})", file=sys.stderr)
        return 1
    print(f"backed up {url.render_as_string(hide_password=True)} to {target} ({target.stat().st_size} bytes; "
          f"restore: pg_restore --clean --dbname URL {target})")
    return 0
