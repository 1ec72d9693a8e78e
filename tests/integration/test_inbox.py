"""The inbox on SQLite and PostgreSQL: stored before confirmed, handled once, in order, whatever fails."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot.inbox_worker import MAX_ATTEMPTS, InboxWorker
from handlers.chat import ButtonPress, ChatEvent, ChatMessage, Received, Sender, Unreadable
from handlers.core import Core
from storage.inbox import SqlInbox
from storage.inbox_rows import InboxRow
from tests.fakes import FixedClock
from tests.integration.conftest import Backend
from tests.unit.core_helpers import CHAT, OTHER_CHAT, World

pytestmark = pytest.mark.asyncio

AT = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)


def message(update_id: int, text: str = "hello", chat: int = CHAT) -> ChatMessage:
    return ChatMessage(update_id, chat, False, update_id, Sender(7, "李\x00", None), text, AT, forwarded_from="张")


def press(update_id: int, data: str = "c:1") -> ButtonPress:
    return ButtonPress(update_id, f"cb{update_id}", CHAT, 5, Sender(8, "王"), data, AT)


def inbox_of(backend: Backend) -> SqlInbox:
    assert backend.engine is not None
    return SqlInbox.from_engine(backend.engine)


async def states(backend: Backend) -> dict[int, str]:
    assert backend.engine is not None
    async with backend.engine.connect() as connection:
        rows = await connection.execute(select(InboxRow.update_id, InboxRow.state))
        return {update_id: state for update_id, state in rows}


async def test_a_batch_is_stored_once_and_read_back_as_it_came(sql_backend: Backend) -> None:
    inbox = inbox_of(sql_backend)
    bad = Unreadable(3, {"update_id": 3, "message": {"chat": "?"}}, "ValidationError: chat")
    huge = message(1, "要下雨啦 " + "长" * 5000)
    batch: list[Received] = [huge, press(2, "c:" + "9" * 40), bad, message(4, chat=OTHER_CHAT)]

    stored = await inbox.store(batch, AT)
    again = await inbox.store(batch, AT)  # Telegram sends it again: a crash before the offset moved

    assert [s.update_id for s in stored] == [1, 2, 4] and again == []
    assert [s.event for s in await inbox.pending()] == [batch[0], batch[1], batch[3]]
    assert await inbox.pending_count() == 3
    assert await states(sql_backend) == {1: "pending", 2: "pending", 3: "unreadable", 4: "pending"}
    # An unreadable one first: every row of the one INSERT has every column.
    assert await inbox.store([Unreadable(5, {"update_id": 5}, "bad"), message(6)], AT) != []
    assert sql_backend.engine is not None
    async with sql_backend.engine.connect() as connection:
        errors = dict((await connection.execute(select(InboxRow.update_id, InboxRow.error))).all())
    assert (errors[3], errors[5], errors[6]) == ("ValidationError: chat", "bad", None)


async def test_handling_marks_the_row_in_its_own_transaction_once(sql_backend: Backend) -> None:
    inbox = inbox_of(sql_backend)
    await inbox.store([message(1)], AT)
    async with sql_backend.uow() as uow:
        assert await uow.updates.handled(message(1))
        # Not committed: a crash here leaves it pending, to be handled again.
    assert await inbox.pending_count() == 1
    async with sql_backend.uow() as uow:
        assert await uow.updates.handled(message(1))
        await uow.commit()
    async with sql_backend.uow() as uow:
        assert not await uow.updates.handled(message(1))  # a second worker, or a redelivery
        assert await uow.updates.handled(message(9))  # handed over without being stored
        await uow.commit()
    assert await states(sql_backend) == {1: "done", 9: "done"}
    assert await inbox.store([message(9)], AT) == []


class Handler:
    """Marks each event handled as the core does, fails on cue, and remembers the order."""

    def __init__(self, backend: Backend, failures: dict[int, list[Exception]] | None = None) -> None:
        self.backend = backend
        self.failures = failures or {}
        self.handled: list[int] = []
        self.given_up: list[int] = []

    async def __call__(self, event: ChatEvent) -> None:
        waiting = self.failures.get(event.update_id)
        if waiting:
            raise waiting.pop(0)
        async with self.backend.uow() as uow:
            if await uow.updates.handled(event):
                await uow.commit()
                self.handled.append(event.update_id)

    async def give_up(self, event: ChatEvent) -> None:
        self.given_up.append(event.update_id)


async def until(done: Callable[[], bool], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.02)


async def run_until(worker: InboxWorker, done: Callable[[], bool]) -> None:
    task = asyncio.create_task(worker.run())
    try:
        await until(done)
    finally:
        worker.stop()
        await asyncio.wait_for(task, 5)


def locked() -> OperationalError:
    return OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))


async def test_the_worker_keeps_each_chats_order_and_waits_out_a_locked_database(sql_backend: Backend) -> None:
    # Update 2 hits a locked database six times (more than MAX_ATTEMPTS): it is delayed, never
    # given up, and update 3 of the same chat waits behind it; the other chat's 4 goes ahead.
    handler = Handler(sql_backend, {2: [locked() for _ in range(MAX_ATTEMPTS + 1)]})
    worker = InboxWorker(inbox_of(sql_backend), handler, handler.give_up, FixedClock(AT), sweep_seconds=0.05)
    await worker.store([message(1), message(2), message(3), message(4, chat=OTHER_CHAT)])
    await run_until(worker, lambda: len(handler.handled) == 4)
    assert handler.handled.index(1) < handler.handled.index(2) < handler.handled.index(3)
    assert handler.given_up == []
    assert set((await states(sql_backend)).values()) == {"done"}


async def test_an_update_that_keeps_failing_is_given_up_and_its_chat_moves_on(sql_backend: Backend) -> None:
    handler = Handler(sql_backend, {1: [RuntimeError("a bug") for _ in range(MAX_ATTEMPTS)]})
    worker = InboxWorker(inbox_of(sql_backend), handler, handler.give_up, FixedClock(AT), sweep_seconds=0.05)
    await worker.store([press(1), message(2)])
    await run_until(worker, lambda: handler.handled == [2])
    assert handler.given_up == [1]
    assert await states(sql_backend) == {1: "failed", 2: "done"}


async def test_a_restart_picks_up_what_was_stored_and_not_handled(sql_backend: Backend) -> None:
    await inbox_of(sql_backend).store([message(1), message(2)], AT)  # then the process died
    handler = Handler(sql_backend)
    worker = InboxWorker(inbox_of(sql_backend), handler, handler.give_up, FixedClock(AT))
    await run_until(worker, lambda: len(handler.handled) == 2)
    assert handler.handled == [1, 2]


async def test_the_core_handles_a_stored_update_once_even_when_handed_it_twice(sql_backend: Backend) -> None:
    world = World()
    core = Core(world.ctx, sql_backend.uow)
    inbox = inbox_of(sql_backend)
    quilt = message(1, "要下雨啦,198号楼谁家有人在,请帮我收下被子!")
    await inbox.store([quilt], AT)
    outcomes = await asyncio.gather(core.handle(quilt), core.handle(quilt))
    assert sorted(o.name for o in outcomes) == ["duplicate", "posted"]
    async with sql_backend.uow() as uow:
        [request] = await uow.requests.posted_since(None)
    assert request.forwarded_from == "张" and request.requester_id == 7
    assert request.requester_name == "李"  # the NUL gone: PostgreSQL refuses it


async def test_many_updates_each_stored_and_handled_once(sql_backend: Backend) -> None:
    handler = Handler(sql_backend)
    worker = InboxWorker(inbox_of(sql_backend), handler, handler.give_up, FixedClock(AT), sweep_seconds=0.05)
    batches: Sequence[list[Received]] = [
        [message(b * 100 + i, chat=CHAT - (i % 5)) for i in range(100)] for b in range(2)
    ]
    task = asyncio.create_task(worker.run())
    for batch in batches:
        await worker.store(batch)
        await worker.store(batch[:50])  # redelivered
    await until(lambda: len(handler.handled) >= 200, 30)
    worker.stop()
    await task
    assert sorted(handler.handled) == sorted(e.update_id for b in batches for e in b)
    assert len(set(handler.handled)) == 200
