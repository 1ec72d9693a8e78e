"""The sender's attempt markers, on virtual time: a call starts only once its marker is committed
in a lease, an item waiting for its slot carries none, and the next sender settles what a dead one
had under way (bot/delivery_settle.py; on the databases: tests/integration/test_outbox_interrupted.py)."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from handlers.chat import Edit, Send
from storage.queue import PendingAction, StartNow
from tests.fakes import FakeOutboxQueue, FakeUnitOfWorkFactory
from tests.unit.test_sender import ALICE, GROUP, Rig, RowCheckingApi, rig

if TYPE_CHECKING:
    from tests.fakes import _Outgoing

__all__ = ["rig"]  # the fixture, used by name


class RollingBackQueue(FakeOutboxQueue):
    """The outbox whose first leases fail at commit: everything they did is undone."""

    def __init__(self, factory: FakeUnitOfWorkFactory, failures: int) -> None:
        super().__init__(factory)
        self.failures = failures

    async def lease(
        self, now: datetime, limit: int, lease_seconds: float, sent: Sequence[tuple[PendingAction, int | None]] = (),
        start: StartNow | None = None, per_chat: int = 1,
    ) -> list[PendingAction]:
        if not self.failures:
            return await super().lease(now, limit, lease_seconds, sent, start, per_chat)
        self.failures -= 1
        before = copy.deepcopy(self._factory.store)
        await super().lease(now, limit, lease_seconds, sent, start, per_chat)
        self._factory.store = before
        raise ConnectionError("the commit failed")


class MarkerCheckingApi(RowCheckingApi):
    """Notes, at each sendMessage, whether its outbox row already carries its attempt marker."""

    def check(self, row: _Outgoing, chat_rows: list[_Outgoing]) -> bool:
        return row.started_at is not None


async def test_a_call_starts_only_once_its_marker_is_committed(rig: Rig) -> None:
    rig.queue = RollingBackQueue(rig.uow, failures=1)
    rig.api = api = MarkerCheckingApi(rig)
    rig.sender = rig.new_sender()
    await rig.enqueue(Send(ALICE, "a1"))
    assert await rig.time.run(rig.sender.drain(timeout=60))
    # The first lease chose a1 and marked it, then rolled back: no call; the next poll sent it.
    assert [c.at for c in rig.api.ok(ALICE)] == [1.0]
    assert api.seen == [True]
    assert rig.statuses() == ["sent"]


async def test_an_item_waiting_for_its_slot_is_not_marked_until_it_starts(rig: Rig) -> None:
    rig.api = api = MarkerCheckingApi(rig)
    rig.sender = rig.new_sender()
    await rig.enqueue(Send(GROUP, "g1"), Send(GROUP, "g2"))
    seen: list[bool] = []

    async def script() -> None:
        await rig.time.sleep(0.5)  # g1 sent at 0, g2 leased and waiting for the chat's second
        [g2] = [o for o in rig.uow.store.outbox if o.action == Send(GROUP, "g2")]
        seen.append(g2.leased_until is not None and g2.started_at is None)
        await rig.time.sleep(1.0)

    await rig.while_running(script)
    assert seen == [True]
    assert [c.at for c in rig.api.ok(GROUP)] == [0.0, 1.0] and api.seen == [True, True]


async def test_a_restarted_sender_counts_a_card_under_way_as_sent_and_redoes_an_edit(rig: Rig) -> None:
    await rig.enqueue(Send(GROUP, "card", ref="card:1"))
    [card] = await rig.queue.lease(rig.time.clock(), 10, 30)
    await rig.queue.sent(card, 77, rig.time.clock())
    await rig.enqueue(Edit(GROUP, "card:1", "card, claimed"), Send(ALICE, "call: can you help?"), Send(ALICE, "a2"))
    # A sender died with both calls under way (marked, never recorded) ...
    await rig.queue.lease(rig.time.clock(), 10, 30, start=lambda batch: [item.id for item in batch])
    rig.time.now += 31  # ... and its leases ran out.
    assert await rig.time.run(rig.sender.drain(timeout=60))
    assert rig.texts(GROUP) == ["card, claimed"]  # an edit twice shows nothing twice
    assert rig.texts(ALICE) == ["a2"]  # the call was assumed delivered; the chat went on
    call = next(o for o in rig.uow.store.outbox if o.action == Send(ALICE, "call: can you help?"))
    assert call.status == "sent" and call.message_id is None and (call.error or "").startswith("assumed delivered")
    assert call.sent_at is not None and call.sent_at - rig.time.clock() < timedelta(seconds=1)
