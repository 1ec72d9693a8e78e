"""`jinlin run` skips alembic when the database is current: the check must agree with alembic."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import migrate
from storage.engine import create_engine


def test_the_newest_revision_read_off_the_files_is_alembics() -> None:
    assert migrate.known_head() is not None
    assert migrate.known_head() == migrate.head()


@pytest.mark.asyncio
async def test_at_head_only_once_upgraded_to_the_newest(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'h.db'}"
    engine = create_engine(url)
    try:
        assert not await migrate.at_head(engine)  # no schema yet
        await migrate.upgrade(url, "0001")
        assert not await migrate.at_head(engine)
        await migrate.upgrade(url)
        assert await migrate.at_head(engine)
    finally:
        await engine.dispose()
