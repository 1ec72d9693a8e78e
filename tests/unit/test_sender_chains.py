"""A chat's items leased together and sent one after another, when the limits let a chat's
messages go back to back (bot/sender.py, storage/outbox_queue.py: `per_chat`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import pytest

from bot.config import OutboxSection
from bot.delivery import RetryAfter, Unreachable
from handlers.chat import Keyboard, Send
from storage.queue import PendingAction, StartNow
from tests.fakes import FakeOutboxQueue, FakeUnitOfWorkFactory
from tests.unit.test_sender import ALICE, GROUP, LIMITS, OTHER_GROUP, Rig, RowCheckingApi

if TYPE_CHECKING:
    from tests.fakes import _Outgoing

LIFTED = OutboxSection(per_chat_per_second=1000, per_group_per_minute=100000, global_per_second=100000, poll_seconds=1)


class CountingQueue(FakeOutboxQueue):
    """Notes each lease's room and how many of a chat it asked for."""

    def __init__(self, factory: FakeUnitOfWorkFactory) -> None:
        super().__init__(factory)
        self.leases: list[tuple[int, int]] = []

    async def lease(
        self, now: datetime, limit: int, lease_seconds: float, sent: Sequence[tuple[PendingAction, int | None]] = (),
        start: StartNow | None = None, per_chat: int = 1,
    ) -> list[PendingAction]:
        self.leases.append((limit, per_chat))
        return await super().lease(now, limit, lease_seconds, sent, start, per_chat)


class OrderCheckingApi(RowCheckingApi):
    """At each sendMessage, whether its row carries its marker and none after it in its chat does."""

    def check(self, row: _Outgoing, chat_rows: list[_Outgoing]) -> bool:
        later = [o for o in chat_rows if o.id > row.id and o.status == "pending"]
        return row.started_at is not None and all(o.started_at is None for o in later)


def lifted_rig(latency: float = 0.01) -> tuple[Rig, CountingQueue]:
    rig = Rig(LIFTED)
    rig.queue = queue = CountingQueue(rig.uow)
    rig.api = OrderCheckingApi(rig)
    rig.api.latency = latency
    rig.sender = rig.new_sender()
    return rig, queue


async def test_a_busy_chats_cards_go_one_after_another_from_one_lease() -> None:
    rig, queue = lifted_rig()
    chats = (GROUP, OTHER_GROUP, ALICE)
    await rig.enqueue(*(Send(chat, f"{chat}:{i}") for i in range(6) for chat in chats))
    assert await rig.time.run(rig.sender.drain(timeout=60))
    for chat in chats:
        assert rig.texts(chat) == [f"{chat}:{i}" for i in range(6)]
    assert isinstance(rig.api, OrderCheckingApi) and rig.api.seen == [True] * 18
    assert set(rig.statuses()) == {"sent"}
    # One lease took every chat's six, the next ones started by leases that look for no heads;
    # the chats' ends look again (one item a chat a lease looks 19 times here).
    looks = [limit for limit, _ in queue.leases if limit > 0]
    assert len(looks) <= 4 and {per_chat for _, per_chat in queue.leases} == {8}


async def test_with_telegrams_limits_a_lease_takes_one_item_a_chat() -> None:
    rig = Rig(LIMITS)
    rig.queue = queue = CountingQueue(rig.uow)
    rig.sender = rig.new_sender()
    await rig.enqueue(*(Send(GROUP, f"g{i}") for i in range(3)))
    assert await rig.time.run(rig.sender.drain(timeout=60))
    assert {per_chat for _, per_chat in queue.leases} == {1}
    assert [c.at for c in rig.api.ok(GROUP)] == pytest.approx([0.0, 1.0, 2.0])


async def test_a_429_mid_chain_sends_back_what_waits_behind_it_and_keeps_the_order() -> None:
    rig, _ = lifted_rig()
    await rig.enqueue(*(Send(GROUP, f"g{i}") for i in range(5)), *(Send(ALICE, f"a{i}") for i in range(3)))
    original = rig.api.send_message

    async def send_message(chat_id: int, text: str, keyboard: Keyboard, reply_to_message_id: int | None) -> int:
        if text == "g2" and not any(c.text == "g2" for c in rig.api.calls):
            rig.api.fail(GROUP, RetryAfter(1))  # the third card, the first time: 429 for a second (waited here)
        return await original(chat_id, text, keyboard, reply_to_message_id)

    rig.api.send_message = send_message  # type: ignore[method-assign]
    assert await rig.time.run(rig.sender.drain(timeout=60))
    tried = [(c.text, c.ok) for c in rig.api.calls if c.chat_id == GROUP]
    assert tried == [("g0", True), ("g1", True), ("g2", False), ("g2", True), ("g3", True), ("g4", True)]
    retried = next(c for c in rig.api.calls if c.chat_id == GROUP and c.text == "g2" and c.ok)
    assert retried.at >= 1.0
    assert rig.texts(ALICE) == ["a0", "a1", "a2"] and max(c.at for c in rig.api.ok(ALICE)) < 1.0
    assert set(rig.statuses()) == {"sent"}


async def test_a_chain_that_meets_a_groups_full_minute_goes_back_in_order() -> None:
    limits = OutboxSection(per_chat_per_second=1000, per_group_per_minute=5, global_per_second=1000, poll_seconds=1)
    rig = Rig(limits)
    await rig.enqueue(*(Send(GROUP, f"g{i}") for i in range(8)))
    assert await rig.time.run(rig.sender.drain(timeout=300))
    sent = rig.api.ok(GROUP)
    assert [c.text for c in sent] == [f"g{i}" for i in range(8)]
    assert sent[5].at - sent[0].at >= 60.0
    assert set(rig.statuses()) == {"sent"}


async def test_an_unreachable_card_mid_chain_is_retried_alone_and_the_chat_goes_on() -> None:
    rig, _ = lifted_rig()
    await rig.enqueue(Send(GROUP, "g0"))
    rig.api.fail(GROUP, Unreachable("connection reset"))
    await rig.enqueue(Send(GROUP, "g1"), Send(GROUP, "g2"))
    assert await rig.time.run(rig.sender.drain(timeout=60))
    assert rig.texts(GROUP) == ["g1", "g2", "g0"]  # as with one item a lease: backoff frees the chat
    assert set(rig.statuses()) == {"sent"}


async def test_a_sender_killed_mid_chain_leaves_only_the_call_under_way_marked() -> None:
    rig, _ = lifted_rig()
    await rig.enqueue(*(Send(GROUP, f"g{i}", ref=f"card:{i}") for i in range(4)))
    # A sender leased the chain and made the first call, then died (no wind-down).
    [g0, *rest] = await rig.queue.lease(rig.time.clock(), 10, 30, start=lambda batch: [batch[0].id], per_chat=8)
    assert len(rest) == 3
    rig.time.now += 31  # its leases ran out
    assert await rig.time.run(rig.sender.drain(timeout=60))
    assert rig.texts(GROUP) == ["g1", "g2", "g3"]  # g0 was under way: counted as sent, not posted twice
    first = next(o for o in rig.uow.store.outbox if o.id == g0.id)
    assert first.status == "sent" and (first.error or "").startswith("assumed delivered")
