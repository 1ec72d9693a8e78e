"""`jinlin run` migrates in a child process (bot/cli_migrate.py): the database ends at the newest
revision, the bot's own process never imports alembic, and a failure is the child's one line."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from asyncio.subprocess import PIPE
from pathlib import Path

import pytest

from bot.cli_migrate import upgrade_in_child
from bot.startup import StartupError
from storage import migrate
from storage.engine import create_engine

ROOT = Path(__file__).resolve().parents[2]
# Run in a fresh interpreter: this test process may have imported alembic for other tests.
PARENT = """
import asyncio, logging, sys
from bot.bootstrap import prepare_database
from bot.cli_migrate import upgrade_in_child
from bot.config import load_config

async def main():
    engine = await prepare_database(load_config(sys.argv[1]), upgrade_in_child)
    await engine.dispose()

logging.basicConfig(level="INFO")
asyncio.run(main())
print(sorted(name for name in sys.modules if name.split(".")[0] in ("alembic", "mako", "pygments")))
"""


async def test_a_fresh_database_is_migrated_without_alembic_in_the_parent(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", PARENT, str(config), cwd=ROOT, stdout=PIPE, stderr=PIPE
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, err.decode()
    assert out.decode().strip() == "[]"
    assert "Running upgrade" in err.decode(), "the child logs its migrations where the bot logs"
    engine = create_engine(url)
    try:
        assert await migrate.at_head(engine)
    finally:
        await engine.dispose()


async def test_a_failed_migration_is_the_childs_one_line(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'newer.db'}"
    await migrate.upgrade(url)
    with sqlite3.connect(tmp_path / "newer.db") as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StartupError, match=r"migrated by a newer Jinlin .*9999"):
        await upgrade_in_child(url)


@pytest.mark.parametrize("url", ["postgresql+asyncpg://jinlin:secret@127.0.0.1:1/jinlin"])
async def test_an_unreachable_database_hides_the_password(url: str) -> None:
    with pytest.raises(StartupError, match="cannot open the database at postgresql") as raised:
        await upgrade_in_child(url)
    assert "secret" not in str(raised.value)
