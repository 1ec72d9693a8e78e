"""Several workers on one PostgreSQL inbox: a stored update is leased to one worker at a time, a
dead worker's leases run out, and each chat's updates are handled in the order stored."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from handlers.core import Core
from storage.inbox import SqlInbox
from storage.inbox_rows import InboxRow, OutOfTurn
from tests.integration.conftest import Backend
from tests.integration.test_inbox import message
from tests.unit.core_helpers import OTHER_CHAT, World

pytestmark = pytest.mark.asyncio

AT = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)


def two_workers(backend: Backend) -> tuple[SqlInbox, SqlInbox]:
    assert backend.engine is not None
    return SqlInbox.from_engine(backend.engine), SqlInbox.from_engine(backend.engine)


async def test_what_one_worker_stored_is_not_swept_by_another_until_its_lease_runs_out(pg_backend: Backend) -> None:
    a, b = two_workers(pg_backend)
    await a.store([message(1), message(2, chat=OTHER_CHAT)], AT)
    assert await b.pending() == []
    assert [s.update_id for s in await a.pending()] == [1, 2]  # ours, renewed
    assert pg_backend.engine is not None
    async with pg_backend.engine.begin() as connection:  # worker a died ten seconds ago
        await connection.execute(update(InboxRow).values(leased_until=datetime(2000, 1, 1, tzinfo=UTC)))
    assert [s.update_id for s in await b.pending()] == [1, 2]
    assert await a.pending() == []  # b's now


async def test_a_chats_later_update_waits_for_its_earlier_one_on_another_worker(pg_backend: Backend) -> None:
    a, b = two_workers(pg_backend)
    core = Core(World().ctx, pg_backend.uow)
    first, second = message(1, "要下雨啦,198号楼谁家有人在,请帮我收下被子!"), message(2, "谢谢")
    await a.store([first], AT)
    await b.store([second], AT)
    with pytest.raises(OutOfTurn):
        await core.handle(second)
    assert b.transient(OutOfTurn("x"))  # the worker waits and tries again, never gives up
    assert (await core.handle(first)).name == "posted"
    assert (await core.handle(second)).name != "duplicate"
    assert await a.pending_count() == 0
