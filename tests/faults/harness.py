"""Delivery under faults: the SQL outbox on a SQLite file, the real aiogram / PTB transport, and the
fake Bot API over HTTP enforcing Telegram's flood limits while it serves a fault.

Each scenario queues the same afternoon's traffic (cards with their edits, acknowledgements, a
private call) into two groups and a private chat, lets the fault fire, then queues a "call 120"
into the busy group and checks what Telegram ended up showing: every message once, no card twice,
no flood limit broken, the urgent message first in its chat.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields
from pathlib import Path

from bot.config import OutboxSection
from bot.fakeapi import FakeBotApi
from bot.sender import OutboxSender
from bot.transports import build_transport
from handlers.chat import Action, Edit, Send
from storage import migrate
from storage.engine import create_engine
from storage.outbox_queue import SqlOutboxQueue
from storage.uow import sql_uow_factory

TOKEN = "123456:FaultSuite"
BUSY, QUIET, ALICE = -1001000000011, -1001000000012, 1011
LIMITS = OutboxSection(per_chat_per_second=1, per_group_per_minute=20, global_per_second=30, poll_seconds=0.2)
URGENT = "🆘 call 120 now"


@dataclass
class Figures:
    scenario: str
    framework: str
    messages: int = 0
    lost: int = 0
    duplicated_cards: int = 0
    flood_violations: int = 0
    urgent_first: bool = True
    edits_lost: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        urgent = "yes" if self.urgent_first else "NO"
        return (f"{self.scenario:<34}{self.framework:<10}{self.messages:>9}{self.lost:>6}{self.duplicated_cards:>10}"
                f"{self.flood_violations:>7}{urgent:>11}{self.edits_lost:>11}{self.seconds:>9.1f}")

    @staticmethod
    def total(rows: list[Figures]) -> Figures:
        total = Figures("all", "both")
        for row in rows:
            for f in fields(Figures):
                if f.type in ("int", "float"):
                    setattr(total, f.name, getattr(total, f.name) + getattr(row, f.name))
            total.urgent_first = total.urgent_first and row.urgent_first
        return total


FIGURES: list[Figures] = []


def traffic() -> list[Action]:
    cards = [Send(BUSY, f"card {i}", ref=f"card:{i}") for i in range(4)]
    acks = [Send(BUSY, f"ack {i}", ack=True) for i in range(2)]
    edits = [Edit(BUSY, "card:0", "card 0 (edited)"), Edit(BUSY, "card:2", "card 2 (edited)")]
    quiet = [Send(QUIET, f"quiet {i}", ref=f"card:{10 + i}") for i in range(3)]
    return [*cards[:2], *acks, *edits[:1], *cards[2:], *edits[1:], *quiet, Send(ALICE, "call: can you help?")]


@dataclass
class Rig:
    api: FakeBotApi
    queue: SqlOutboxQueue
    enqueue: Callable[..., Awaitable[None]]


@asynccontextmanager
async def rig(tmp_path: Path) -> AsyncIterator[Rig]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'faults.db'}"
    await migrate.upgrade(url)
    engine = create_engine(url)
    uow = sql_uow_factory(engine)

    async def enqueue(*actions: Action) -> None:
        async with uow() as unit:
            for action in actions:
                await unit.outbox.add(action)
            await unit.commit()

    try:
        async with FakeBotApi(token=TOKEN, enforce_limits=True) as api:
            api.group(BUSY, "3号楼")
            api.group(QUIET, "5号楼")
            api.user_started(ALICE)
            yield Rig(api, SqlOutboxQueue.from_engine(engine), enqueue)
    finally:
        await engine.dispose()


async def play(
    scenario: str, framework: str, tmp_path: Path, fault: Callable[[FakeBotApi], Awaitable[Callable[[], bool]]]
) -> Figures:
    """Queue the traffic, start the fault (it returns "has it finished?"), queue the urgent call
    once it has, drain, and count."""
    started = time.monotonic()
    async with rig(tmp_path) as r:
        transport = build_transport(framework, TOKEN, r.api.base_url, poll_timeout=1, request_timeout=1.0)
        try:
            sender = OutboxSender(r.queue, transport.api, LIMITS, probe=transport.identify)
            running = asyncio.create_task(sender.run())
            finished = await fault(r.api)
            await r.enqueue(*traffic())
            sender.wake()
            await r.api.wait_for(finished, timeout=45)
            queued_at = time.monotonic()
            await r.enqueue(Send(BUSY, URGENT, urgent=True))
            sender.wake()
            assert await sender.drain(timeout=50), "the outbox did not drain"
            await sender.stop()
            await running
        finally:
            await transport.stop()
        figures = count(scenario, framework, r.api, queued_at)
    figures.seconds = time.monotonic() - started
    FIGURES.append(figures)
    return figures


def count(scenario: str, framework: str, api: FakeBotApi, urgent_queued_at: float) -> Figures:
    expected = [a for a in traffic() if isinstance(a, Send)] + [Send(BUSY, URGENT, urgent=True)]
    shown: dict[int, list[str]] = {chat: [m["text"] for m in api.messages_in(chat)] for chat in (BUSY, QUIET, ALICE)}
    figures = Figures(scenario, framework, messages=len(expected))
    for send in expected:
        copies = [text for text in shown[send.chat_id] if text == send.text or text.startswith(f"{send.text} (")]
        figures.lost += not copies
        figures.duplicated_cards += max(len(copies) - 1, 0) if send.ref else 0
    edited = [a for a in traffic() if isinstance(a, Edit)]
    figures.edits_lost = sum(a.text not in shown[a.chat_id] for a in edited)
    own_429s = [c for c in api.calls if c.status == 429 and not c.injected]
    figures.flood_violations = len(api.flood_violations(per_chat_burst=3)) + len(own_429s)
    # After it was queued, the urgent call is the next message to reach its chat (one already
    # on its way aside).
    after = [c for c in api.sent("sendMessage", BUSY) if c.time >= urgent_queued_at]
    texts = [str(c.params.get("text")) for c in after]
    figures.urgent_first = URGENT in texts[:2]
    return figures
