"""The sender end to end: SQL outbox on a fresh SQLite file, real aiogram / PTB, the fake Bot API
over HTTP with its flood limits enforced (it answers 429 past them)."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import OutboxSection
from bot.delivery import Transport
from bot.fakeapi import FakeBotApi
from bot.sender import OutboxSender
from bot.transports import build_transport
from handlers.chat import Send
from handlers.ports import UnitOfWorkFactory
from storage import migrate
from storage.engine import create_engine
from storage.outbox_queue import SqlOutboxQueue
from storage.uow import sql_uow_factory

FRAMEWORKS = ["aiogram", "ptb"]
TOKEN = "123456:SenderE2eSecret"
BIG_GROUP, SMALL_GROUP, ALICE = -1001000000001, -1001000000002, 1001
LIMITS = OutboxSection(per_chat_per_second=1, per_group_per_minute=20, global_per_second=30, poll_seconds=0.2)


@dataclass
class Db:
    engine: AsyncEngine
    uow: UnitOfWorkFactory
    queue: SqlOutboxQueue

    async def enqueue(self, *actions: Send) -> None:
        async with self.uow() as uow:
            for action in actions:
                await uow.outbox.add(action)
            await uow.commit()


@pytest_asyncio.fixture
async def db(tmp_path: Path) -> AsyncIterator[Db]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'jinlin.db'}"
    await migrate.upgrade(url)
    engine = create_engine(url)
    try:
        yield Db(engine, sql_uow_factory(engine), SqlOutboxQueue.from_engine(engine))
    finally:
        await engine.dispose()


@pytest_asyncio.fixture
async def telegram() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(token=TOKEN, enforce_limits=True) as api:
        api.group(BIG_GROUP, "3号楼")
        api.group(SMALL_GROUP, "5号楼")
        api.user_started(ALICE)
        yield api


@asynccontextmanager
async def transport(framework: str, telegram: FakeBotApi) -> AsyncIterator[Transport]:
    # Only the outgoing side is used: no polling, so the test owns every call the fake sees.
    made = build_transport(framework, TOKEN, telegram.base_url, poll_timeout=1)
    try:
        yield made
    finally:
        await made.stop()


def texts(telegram: FakeBotApi, chat_id: int) -> list[str]:
    return [str(call.params["text"]) for call in telegram.sent("sendMessage", chat_id)]


def own_429s(telegram: FakeBotApi) -> list[str]:
    """429s the fake gave on its own, i.e. limits the sender broke."""
    return [f"{c.method} {c.chat_id}" for c in telegram.calls if c.status == 429 and not c.injected]


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_burst_into_two_groups_arrives_whole_in_order_and_within_limits(
    framework: str, telegram: FakeBotApi, db: Db
) -> None:
    burst = [Send(BIG_GROUP, f"big {i}") for i in range(5)]  # 1 a second: this test takes ~4 s
    small = [Send(SMALL_GROUP, f"small {i}") for i in range(3)]
    await db.enqueue(*burst[:3], *small, *burst[3:])
    throttled = telegram.fail_next("sendMessage", status=429, retry_after=1, chat_id=SMALL_GROUP)

    async with transport(framework, telegram) as t:
        assert await OutboxSender(db.queue, t.api, LIMITS).drain(timeout=20)

    assert texts(telegram, BIG_GROUP) == [f"big {i}" for i in range(5)]
    assert texts(telegram, SMALL_GROUP) == [f"small {i}" for i in range(3)]
    assert telegram.flood_violations(per_chat_burst=1) == []
    assert own_429s(telegram) == []
    # The 429's retry_after is honoured for that group only; the big one never paused.
    retried = telegram.sent("sendMessage", SMALL_GROUP)[0]
    assert retried.time - throttled.fired[0] >= 1.0
    big = [c.time for c in telegram.sent("sendMessage", BIG_GROUP)]
    assert max(b - a for a, b in itertools.pairwise(big)) < 1.5
    assert await db.queue.pending_count() == 0


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_what_was_not_sent_before_a_restart_is_sent_after_it_exactly_once(
    framework: str, telegram: FakeBotApi, db: Db
) -> None:
    await db.enqueue(*(Send(ALICE, f"m{i}") for i in range(5)))

    async with transport(framework, telegram) as t:
        first = OutboxSender(db.queue, t.api, LIMITS)
        running = asyncio.create_task(first.run())
        await telegram.wait_for(lambda: texts(telegram, ALICE), timeout=5)
        await first.stop()
        await running
    before_restart = len(texts(telegram, ALICE))
    assert 1 <= before_restart < 5

    async with transport(framework, telegram) as t:  # a new process: new transport, same database
        assert await OutboxSender(db.queue, t.api, LIMITS).drain(timeout=15)

    assert texts(telegram, ALICE) == [f"m{i}" for i in range(5)]
    # The new process primes its limiter with the old one's sends from the outbox, so it keeps
    # ALICE's spacing from the first call: Telegram (the fake, enforcing) never says 429.
    assert [f"{c.method} {c.params.get('chat_id')}" for c in telegram.calls if c.status == 429] == []
    assert telegram.flood_violations(per_chat_burst=1) == []


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_a_restart_inside_a_groups_full_minute_waits_for_it(
    framework: str, telegram: FakeBotApi, db: Db
) -> None:
    limits = OutboxSection(per_chat_per_second=10, per_group_per_minute=3, global_per_second=30, poll_seconds=0.2)
    await db.enqueue(*(Send(SMALL_GROUP, f"s{i}") for i in range(3)))
    async with transport(framework, telegram) as t:
        assert await OutboxSender(db.queue, t.api, limits).drain(timeout=10)
    await db.enqueue(Send(SMALL_GROUP, "s3"), Send(ALICE, "a0"))

    async with transport(framework, telegram) as t:  # a new process, inside the group's minute
        sender = OutboxSender(db.queue, t.api, limits)
        running = asyncio.create_task(sender.run())
        await telegram.wait_for(lambda: texts(telegram, ALICE), timeout=5)
        await asyncio.sleep(0.5)
        await sender.stop()
        await running

    # The primed limiter holds the group (its fourth message is due a minute after the first) and
    # lets the private chat go; nothing was tried into the full group.
    assert texts(telegram, SMALL_GROUP) == ["s0", "s1", "s2"]
    assert [c for c in telegram.calls if c.status == 429] == []
    assert await db.queue.pending_count() == 1


async def test_concurrent_first_calls_initialise_the_ptb_bot_once(telegram: FakeBotApi) -> None:
    async with transport("ptb", telegram) as t:
        await asyncio.gather(*(t.api.send_message(chat, "hi", (), None) for chat in (BIG_GROUP, SMALL_GROUP, ALICE)))
    assert len([c for c in telegram.calls if c.method == "getMe"]) == 1
    assert len(telegram.sent("sendMessage")) == 3
