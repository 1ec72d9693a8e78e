"""What the hot path relies on, on SQLite and PostgreSQL: talk stored handled in the inbox's one
transaction, events and outbox items written many at once yet seen by every later statement
and kept in the order added, and SQLite's one connection in WAL with synchronous=NORMAL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.inbox_worker import InboxWorker
from handlers.chat import AnswerButton, File, Send, SendFile
from handlers.core import Core
from handlers.domain import Event, EventType
from storage import outbox_chats
from storage.delivery_tables import OutboxChatRow
from storage.engine import create_engine
from storage.tables import OutboxRow
from tests.fakes import FixedClock
from tests.integration.conftest import Backend
from tests.integration.helpers import T0, add_request, new_request
from tests.integration.test_inbox import AT, Handler, inbox_of, message, run_until, states
from tests.unit.core_helpers import CHAT, World

pytestmark = pytest.mark.asyncio


class Counted:
    """Counts the statements an engine executes."""

    def __init__(self, backend: Backend) -> None:
        assert backend.engine is not None
        self.texts: list[str] = []

        def _count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if not statement.startswith("BEGIN"):
                self.texts.append(statement)

        event.listen(backend.engine.sync_engine, "before_cursor_execute", _count)


async def test_talk_is_stored_handled_in_one_statement_and_never_handed_to_the_core(sql_backend: Backend) -> None:
    world = World()
    core = Core(world.ctx, sql_backend.uow)
    handler = Handler(sql_backend)
    worker = InboxWorker(inbox_of(sql_backend), handler, handler.give_up, FixedClock(AT), settle=core)
    assert (await core.handle(message(1, "今天天气真好"))).name == "chat"  # the group now recorded
    counted = Counted(sql_backend)

    await worker.store([message(2, "今天天气真好"), message(3, "要下雨啦,198号楼谁家有人在,请帮我收下被子!")])
    await worker.store([message(2, "今天天气真好")])  # redelivered: nothing new

    assert len(counted.texts) == 2 and all(t.startswith("INSERT INTO inbox") for t in counted.texts)
    assert await states(sql_backend) == {1: "done", 2: "done", 3: "pending"}
    await run_until(worker, lambda: handler.handled == [3])  # only the request is handed over


async def test_a_handled_update_is_one_transaction_of_few_statements(sql_backend: Backend) -> None:
    world = World()
    core = Core(world.ctx, sql_backend.uow)
    await core.handle(message(1, "今天天气真好"))
    await inbox_of(sql_backend).store([message(2, "大家好")], AT)
    counted = Counted(sql_backend)
    # Talk the inbox did not settle (stored by an older worker, say): marked, the group's row
    # not written again (recorded lately), and its closed mark not cleared: the mark found none.
    assert (await core.handle(message(2, "大家好"))).name == "chat"
    turn = [] if sql_backend.name == "sqlite" else ["SELECT"]  # PostgreSQL: the chat's turn first
    assert _heads(counted.texts) == [*turn, "UPDATE inbox"]


async def test_a_message_reopens_its_chat_closed_to_the_bot(sql_backend: Backend) -> None:
    # The sender closed the group (the bot was kicked); a message from it says the bot is back.
    world = World()
    core = Core(world.ctx, sql_backend.uow)
    await core.handle(message(1, "今天天气真好"))
    assert sql_backend.engine is not None
    async with AsyncSession(sql_backend.engine) as session:
        await outbox_chats.close(session, CHAT, "kicked", T0)
        await session.commit()
    await inbox_of(sql_backend).store([message(2, "大家好")], AT)
    counted = Counted(sql_backend)
    assert (await core.handle(message(2, "大家好"))).name == "chat"
    turn = [] if sql_backend.name == "sqlite" else ["SELECT"]
    assert _heads(counted.texts) == [*turn, "UPDATE inbox", "UPDATE outbox_chats"]
    async with AsyncSession(sql_backend.engine) as session:
        closed = await session.scalar(select(OutboxChatRow.closed_at).where(OutboxChatRow.chat_id == CHAT))
    assert closed is None


def _heads(texts: list[str]) -> list[str]:
    return [" ".join(t.split()[:2]) if t.startswith("UPDATE") else "SELECT" for t in texts]


async def test_events_and_outbox_items_wait_for_the_next_statement_and_keep_their_order(
    sql_backend: Backend,
) -> None:
    request_id = (await add_request(sql_backend.uow)).id
    counted = Counted(sql_backend)
    async with sql_backend.uow() as uow:
        await uow.events.add(Event(request_id, EventType.CALLED, 1, T0, {"n": 1}))
        await uow.events.add(Event(request_id, EventType.CALLED, 2, T0, {"n": 2}))
        await uow.outbox.add(Send(-100, "first"), request_id=request_id)
        await uow.outbox.add(AnswerButton("cb", "second"))
        # Any statement sees what was added before it, in this transaction.
        assert [e.detail for e in await uow.events.for_request(request_id)] == [{"n": 1}, {"n": 2}]
        await uow.outbox.add(Send(-100, "third"))
        await uow.outbox.add(SendFile(-100, File("a.png", b"png"), "fourth"))  # its id needed: written now
        await uow.outbox.add(Send(-100, "fifth"))
        await uow.commit()
    inserts = [t for t in counted.texts if t.startswith("INSERT")]
    # events (2 rows), outbox (2), outbox (1), the file's outbox row and its bytes, outbox (1)
    assert len(inserts) == 6
    assert sql_backend.engine is not None
    async with sql_backend.engine.connect() as connection:
        rows = await connection.execute(select(OutboxRow.payload).order_by(OutboxRow.id))
        said = [payload.get("text") for (payload,) in rows]
    assert said == ["first", "second", "third", "fourth", "fifth"]


async def test_a_statement_reading_other_tables_leaves_them_waiting(sql_backend: Backend) -> None:
    # A new request: its first event, its volunteers looked up, their calls, the second event.
    request_id = (await add_request(sql_backend.uow)).id
    counted = Counted(sql_backend)
    async with sql_backend.uow() as uow:
        await uow.events.add(Event(request_id, EventType.POSTED, 1, T0))
        await uow.volunteers.serving("深田社区")  # reads volunteers only: the event waits on
        await uow.calls.add(request_id, [7, 8], 1, T0)
        await uow.events.add(Event(request_id, EventType.CALLED, None, T0))
        assert [t.split()[0] for t in counted.texts] == ["SELECT"]
        # Reading calls, though, writes what waits first: the calls just made are seen.
        records = await uow.volunteers.records([7, 9], T0)
        assert (records[7].last_called_at, records[9].last_called_at) == (T0, None)
        await uow.commit()
    assert [" ".join(t.split()[:3]) for t in counted.texts if t.startswith("INSERT")] == [
        "INSERT INTO events", "INSERT INTO calls"
    ]
    async with sql_backend.uow() as uow:
        assert [e.type for e in await uow.events.for_request(request_id)] == [EventType.POSTED, EventType.CALLED]
        assert await uow.calls.called(request_id) == {7, 8}


async def test_nothing_added_is_kept_when_the_transaction_is_not_committed(sql_backend: Backend) -> None:
    request_id = (await add_request(sql_backend.uow)).id
    async with sql_backend.uow() as uow:
        await uow.events.add(Event(request_id, EventType.CALLED, 1, T0))
        await uow.outbox.add(Send(-100, "never"))
    async with sql_backend.uow() as uow:
        assert await uow.events.for_request(request_id) == []
    assert sql_backend.engine is not None
    async with sql_backend.engine.connect() as connection:
        assert (await connection.execute(select(OutboxRow.id))).all() == []


async def test_sqlite_keeps_one_connection_in_wal_with_normal_sync(tmp_path: Any) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'one.db'}")
    opened: list[object] = []
    event.listen(engine.sync_engine, "connect", lambda connection, record: opened.append(connection))
    try:
        for _ in range(3):
            async with engine.connect() as connection:
                modes = [(await connection.execute(text(f"PRAGMA {p}"))).scalar() for p in ("journal_mode",
                                                                                           "synchronous")]
        assert modes == ["wal", 1]  # 1: NORMAL
        assert len(opened) == 1 and engine.pool.size() == 1  # type: ignore[attr-defined]
    finally:
        await engine.dispose()


async def test_what_waits_is_written_before_a_claims_savepoint_and_survives_its_rollback(
    sql_backend: Backend,
) -> None:
    request_id = (await add_request(sql_backend.uow, new_request(people_needed=2))).id
    async with sql_backend.uow() as uow:
        assert (await uow.requests.try_claim(request_id, 5, "王", T0)).won
        await uow.events.add(Event(request_id, EventType.CLAIMED, 5, T0))
        await uow.outbox.add(Send(-100, "kept"))
        again = await uow.requests.try_claim(request_id, 5, "王", T0)  # the savepoint rolls back
        assert (again.won, again.reason) == (False, "already_yours")
        await uow.commit()
    async with sql_backend.uow() as uow:
        assert [e.type for e in await uow.events.for_request(request_id)] == [EventType.CLAIMED]
    assert sql_backend.engine is not None
    async with sql_backend.engine.connect() as connection:
        assert [p["text"] for (p,) in await connection.execute(select(OutboxRow.payload))] == ["kept"]
