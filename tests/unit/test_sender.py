"""The outbox sender on virtual time: the in-memory queue, a scripted Bot API, no real sleeping."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

import pytest

from bot.config import OutboxSection
from bot.delivery import Rejected, RetryAfter, Unreachable
from bot.sender import OutboxSender, backoff
from handlers.chat import Action, AnswerButton, Delete, Edit, File, Keyboard, Send, SendFile
from storage.queue import PendingAction, StartNow
from tests.fakes import FakeOutboxQueue, FakeUnitOfWorkFactory

if TYPE_CHECKING:
    from tests.fakes import _Outgoing

T = TypeVar("T")
T0 = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
GROUP, OTHER_GROUP, ALICE, BOB = -1001, -1002, 501, 502
LIMITS = OutboxSection(per_chat_per_second=1, per_group_per_minute=20, global_per_second=30, poll_seconds=1.0)


class VirtualTime:
    """monotonic(), clock() and sleep() for the sender; `run` advances time only when every
    task is waiting for it, straight to the earliest sleeper."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def monotonic(self) -> float:
        return self.now

    def clock(self) -> datetime:
        return T0 + timedelta(seconds=self.now)

    async def sleep(self, seconds: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(seconds, 0.0), next(self._order), future))
        await future

    async def run(self, work: Awaitable[T], *, limit: float = 3_600.0) -> T:
        task = asyncio.ensure_future(work)
        while True:
            for _ in range(100):  # let everything that is not waiting for time run
                await asyncio.sleep(0)
            if task.done():
                return task.result()
            while self._sleepers and self._sleepers[0][2].done():
                heapq.heappop(self._sleepers)  # cancelled naps
            if not self._sleepers:
                task.cancel()
                raise AssertionError("stuck: nothing sleeps, yet the work does not finish")
            when, _, future = heapq.heappop(self._sleepers)
            if when > limit:
                task.cancel()
                raise AssertionError(f"still running after {limit}s of virtual time")
            self.now = max(self.now, when)
            future.set_result(None)


@dataclass
class Call:
    method: str
    chat_id: int | None
    text: str | None
    at: float
    ok: bool = True
    message_id: int | None = None


class ScriptedApi:
    """A BotApi that records each call with the virtual time it started at and fails on demand."""

    def __init__(self, time: VirtualTime) -> None:
        self.time = time
        self.calls: list[Call] = []
        self.gate: asyncio.Event | None = None  # when set up, calls wait for it (a slow network)
        self.latency = 0.0  # virtual seconds each call takes
        self._failures: dict[int | str, list[Exception]] = {}
        self._ids = itertools.count(100)

    def fail(self, target: int | str, *errors: Exception) -> None:
        """The next calls to chat `target` (or for callback query `target`) raise these, in order."""
        self._failures.setdefault(target, []).extend(errors)

    def ok(self, chat_id: int | None = None, method: str | None = None) -> list[Call]:
        return [
            c for c in self.calls
            if c.ok and (chat_id is None or c.chat_id == chat_id) and (method is None or c.method == method)
        ]  # fmt: skip

    async def _begin(self, method: str, target: int | str, chat_id: int | None, text: str | None) -> Call:
        call = Call(method, chat_id, text, self.time.now)
        self.calls.append(call)
        if self.gate is not None:
            await self.gate.wait()
        if self.latency:
            await self.time.sleep(self.latency)
        pending = self._failures.get(target)
        if pending:
            call.ok = False
            raise pending.pop(0)
        return call

    async def send_message(self, chat_id: int, text: str, keyboard: Keyboard, reply_to_message_id: int | None) -> int:
        call = await self._begin("sendMessage", chat_id, chat_id, text)
        call.message_id = next(self._ids)
        return call.message_id

    async def edit_message(self, chat_id: int, message_id: int, text: str, keyboard: Keyboard) -> None:
        call = await self._begin("editMessageText", chat_id, chat_id, text)
        call.message_id = message_id

    async def send_file(self, chat_id: int, file: File, caption: str, photo: bool) -> int:
        call = await self._begin("sendPhoto" if photo else "sendDocument", chat_id, chat_id, file.name)
        call.message_id = next(self._ids)
        return call.message_id

    async def answer_button(self, callback_id: str, text: str | None, alert: bool) -> None:
        await self._begin("answerCallbackQuery", callback_id, None, text)

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        call = await self._begin("deleteMessage", chat_id, chat_id, None)
        call.message_id = message_id


class RowCheckingApi(ScriptedApi):
    """At each sendMessage, `check` of its outbox row and the rows of its chat, noted in `seen`."""

    def __init__(self, rig: Rig) -> None:
        super().__init__(rig.time)
        self.rig = rig
        self.seen: list[bool] = []

    def check(self, row: _Outgoing, chat_rows: list[_Outgoing]) -> bool:
        raise NotImplementedError

    async def send_message(self, chat_id: int, text: str, keyboard: Keyboard, reply_to_message_id: int | None) -> int:
        rows = [o for o in self.rig.uow.store.outbox if o.chat_id == chat_id]
        [row] = [o for o in rows if getattr(o.action, "text", None) == text]
        self.seen.append(self.check(row, rows))
        return await super().send_message(chat_id, text, keyboard, reply_to_message_id)


class Rig:
    def __init__(self, limits: OutboxSection = LIMITS, jitter: float = 1.0) -> None:
        self.time = VirtualTime()
        self.uow = FakeUnitOfWorkFactory()
        self.uow.outbox_clock = self.time.clock  # items are queued on virtual time too
        self.queue = FakeOutboxQueue(self.uow)
        self.api = ScriptedApi(self.time)
        self.limits = limits
        self.jitter = jitter
        self.sender = self.new_sender()

    def new_sender(self) -> OutboxSender:
        return OutboxSender(
            self.queue, self.api, self.limits,
            clock=self.time.clock, monotonic=self.time.monotonic, sleep=self.time.sleep,
            jitter=lambda: self.jitter,
        )  # fmt: skip

    async def enqueue(self, *actions: Action) -> None:
        async with self.uow() as uow:
            for action in actions:
                await uow.outbox.add(action)
            await uow.commit()

    async def while_running(self, script: Callable[[], Awaitable[None]], *, limit: float = 3_600.0) -> None:
        """run() the sender, play `script` on virtual time beside it, then stop() it."""

        async def scenario() -> None:
            running = asyncio.create_task(self.sender.run())
            try:
                await script()
            finally:
                await self.sender.stop()
                await running

        await self.time.run(scenario(), limit=limit)

    def statuses(self) -> list[str]:
        return [status for _, status in self.queue.statuses()]

    def texts(self, chat_id: int) -> list[str | None]:
        return [c.text for c in self.api.ok(chat_id)]


@pytest.fixture
def rig() -> Rig:
    return Rig()


def spacing(calls: list[Call]) -> list[float]:
    return [b.at - a.at for a, b in itertools.pairwise(calls)]


async def test_a_burst_into_one_group_keeps_to_20_a_minute_and_1_a_second(rig: Rig) -> None:
    await rig.enqueue(*(Send(GROUP, f"m{i}") for i in range(25)))
    assert await rig.time.run(rig.sender.drain(timeout=600))
    sent = rig.api.ok(GROUP)
    assert [c.text for c in sent] == [f"m{i}" for i in range(25)]
    assert min(spacing(sent)) >= 1.0
    assert all(sent[i + 20].at - sent[i].at >= 60.0 for i in range(len(sent) - 20))
    # 20 in the first 20 s, then the 21st exactly when the 1st leaves the minute: 64 s in all.
    assert sent[-1].at - sent[0].at == pytest.approx(64.0, abs=0.1)
    assert set(rig.statuses()) == {"sent"}


async def test_files_go_as_photos_and_documents_within_the_chats_limits(rig: Rig) -> None:
    chart, sheet = File("chart.png", b"png"), File("export.xlsx", b"xlsx")
    await rig.enqueue(Send(GROUP, "before"), SendFile(GROUP, chart, photo=True), SendFile(GROUP, sheet, "cap"))
    assert await rig.time.run(rig.sender.drain(timeout=600))
    sent = rig.api.ok(GROUP)
    assert [(c.method, c.text) for c in sent] == [
        ("sendMessage", "before"), ("sendPhoto", "chart.png"), ("sendDocument", "export.xlsx"),
    ]
    assert min(spacing(sent)) >= 1.0  # a file counts as a message of its chat
    assert set(rig.statuses()) == {"sent"}


async def test_a_slow_call_spaces_the_next_one_from_its_reply(rig: Rig) -> None:
    """Telegram counts a message when it arrives, which may be as late as the reply."""
    rig.api.latency = 0.8
    await rig.enqueue(Send(GROUP, "first"), Send(GROUP, "second"))
    assert await rig.time.run(rig.sender.drain(timeout=60))
    first, second = rig.api.ok(GROUP)
    assert second.at - first.at >= 0.8 + 1.0


async def test_two_chats_flow_side_by_side(rig: Rig) -> None:
    await rig.enqueue(*(Send(chat, f"{chat}:{i}") for i in range(3) for chat in (GROUP, ALICE)))
    assert await rig.time.run(rig.sender.drain(timeout=60))
    for chat in (GROUP, ALICE):
        assert [c.at for c in rig.api.ok(chat)] == pytest.approx([0.0, 1.0, 2.0])
        assert rig.texts(chat) == [f"{chat}:{i}" for i in range(3)]


async def test_a_429_holds_only_that_chat(rig: Rig) -> None:
    rig.api.fail(ALICE, RetryAfter(5))
    await rig.enqueue(Send(ALICE, "a1"), Send(ALICE, "a2"), *(Send(GROUP, f"g{i}") for i in range(4)))
    assert await rig.time.run(rig.sender.drain(timeout=60))
    assert [c.at for c in rig.api.ok(GROUP)] == pytest.approx([0.0, 1.0, 2.0, 3.0])  # never waited
    tried = [c for c in rig.api.calls if c.chat_id == ALICE]
    assert [(c.text, c.ok) for c in tried] == [("a1", False), ("a1", True), ("a2", True)]
    assert tried[1].at >= 5.0 and tried[1].at == pytest.approx(5.0, abs=0.1)
    assert tried[2].at - tried[1].at >= 1.0


async def test_unreachable_backs_off_exponentially_and_pauses_new_sends(rig: Rig) -> None:
    rig.api.fail(ALICE, Unreachable("timeout"), Unreachable("502"), Unreachable("timeout"))

    async def script() -> None:
        await rig.enqueue(Send(ALICE, "help"))
        rig.sender.wake()
        await rig.time.sleep(0.2)
        await rig.enqueue(Send(BOB, "other"))  # during the pause after the first failure
        rig.sender.wake()
        await rig.time.sleep(20)

    await rig.while_running(script)
    tries = [c.at for c in rig.api.calls if c.chat_id == ALICE]
    assert [b - a for a, b in itertools.pairwise(tries)] == pytest.approx([1.0, 2.0, 4.0], abs=0.05)
    assert rig.texts(ALICE) == ["help"]
    assert rig.api.ok(BOB)[0].at == pytest.approx(1.0, abs=0.05)  # held by the 1 s global pause


@pytest.mark.parametrize(("attempts", "jitter", "expect"), [
    (0, 1.0, 1.0), (0, 0.0, 0.5), (1, 1.0, 2.0), (2, 1.0, 4.0), (5, 1.0, 32.0), (6, 1.0, 60.0),
    (50, 1.0, 60.0), (50, 0.0, 30.0),
])  # fmt: skip
def test_backoff(attempts: int, jitter: float, expect: float) -> None:
    assert backoff(attempts, jitter) == expect


async def test_rejected_is_failed_and_the_rest_continue(rig: Rig, caplog: pytest.LogCaptureFixture) -> None:
    rig.api.fail(ALICE, Rejected("Forbidden: bot was blocked by the user"))
    await rig.enqueue(Send(ALICE, "a1"), Send(ALICE, "a2"), Send(BOB, "b1"))
    with caplog.at_level(logging.WARNING, logger="bot.sender"):
        assert await rig.time.run(rig.sender.drain(timeout=60))
    assert rig.statuses() == ["failed", "sent", "sent"]
    assert rig.texts(ALICE) == ["a2"] and rig.texts(BOB) == ["b1"]
    assert any("rejected" in r.getMessage() and "blocked" in r.getMessage() for r in caplog.records)


async def test_an_unexpected_error_is_logged_and_retried(rig: Rig, caplog: pytest.LogCaptureFixture) -> None:
    rig.api.fail(ALICE, RuntimeError("a transport bug"))
    await rig.enqueue(Send(ALICE, "a1"))
    with caplog.at_level(logging.ERROR, logger="bot.sender"):
        assert await rig.time.run(rig.sender.drain(timeout=60))
    assert [(c.ok, c.at) for c in rig.api.calls] == [(False, 0.0), (True, pytest.approx(1.0, abs=0.05))]
    assert any("unexpectedly" in r.getMessage() for r in caplog.records)


async def test_edits_go_to_the_message_sent_under_their_ref(rig: Rig) -> None:
    await rig.enqueue(
        Send(GROUP, "card v1", ref="card:1"), Edit(GROUP, "card:1", "card v2"), Edit(GROUP, "card:1", "card v3")
    )
    assert await rig.time.run(rig.sender.drain(timeout=60))
    send, edit = rig.api.ok(GROUP)
    assert (edit.method, edit.message_id, edit.text) == ("editMessageText", send.message_id, "card v3")
    assert edit.at - send.at >= 1.0  # an edit counts against the chat like a message
    assert await rig.queue.message_of("card:1") == send.message_id
    assert rig.statuses() == ["sent", "superseded", "sent"]


async def test_answers_count_only_globally(rig: Rig) -> None:
    await rig.enqueue(Send(GROUP, "g1"), *(AnswerButton(f"q{i}") for i in range(40)), Send(GROUP, "g2"))
    assert await rig.time.run(rig.sender.drain(timeout=60))
    answers = rig.api.ok(method="answerCallbackQuery")
    assert len(answers) == 40
    everything = sorted(c.at for c in rig.api.ok())
    assert max(sum(1 for t in everything if start <= t < start + 1) for start in everything) <= 30
    assert max(c.at for c in answers) == pytest.approx(1.0)  # not spaced per chat: done within 1 s


async def test_a_callback_answer_that_would_be_too_old_is_dropped(rig: Rig) -> None:
    rig.api.fail("late", RetryAfter(15))
    rig.api.fail("soon", RetryAfter(2))
    await rig.enqueue(AnswerButton("late", "ok"), AnswerButton("soon", "ok"))
    assert await rig.time.run(rig.sender.drain(timeout=60))
    assert [(c.text, c.ok) for c in rig.api.calls] == [("ok", False), ("ok", False), ("ok", True)]
    assert rig.statuses() == ["failed", "sent"]


async def test_button_pop_ups_get_plain_text_not_our_html(rig: Rig) -> None:
    await rig.enqueue(AnswerButton("q", "<b>#1</b> taken by A&amp;B &lt;3"), Send(GROUP, "<b>card</b> A&amp;B"))
    assert await rig.time.run(rig.sender.drain(timeout=60))
    texts = {c.method: c.text for c in rig.api.calls}
    assert texts["answerCallbackQuery"] == "#1 taken by A&B <3"
    assert texts["sendMessage"] == "<b>card</b> A&amp;B", "messages stay HTML"


async def test_wake_sends_without_waiting_for_the_poll(rig: Rig) -> None:
    rig.limits = OutboxSection(1, 20, 30, poll_seconds=1_000.0)
    rig.sender = rig.new_sender()

    async def script() -> None:
        await rig.time.sleep(5)
        await rig.enqueue(Send(ALICE, "now"))
        rig.sender.wake()
        await rig.time.sleep(1)

    await rig.while_running(script)
    assert [(c.text, c.at) for c in rig.api.ok()] == [("now", 5.0)]


async def test_stop_is_prompt_and_hands_back_what_waits(rig: Rig) -> None:
    await rig.enqueue(*(Send(GROUP, f"m{i}") for i in range(25)))
    stopped_at: list[float] = []

    async def script() -> None:
        await rig.time.sleep(30.5)  # 20 sent; the 21st is due only at 60 s
        await rig.sender.stop()
        stopped_at.append(rig.time.now)

    await rig.while_running(script)
    assert stopped_at == [30.5]
    assert len(rig.api.ok()) == 20
    # A new process carries on where this one stopped, still within the group's minute.
    assert await rig.time.run(rig.new_sender().drain(timeout=600))
    sent = rig.api.ok(GROUP)
    assert [c.text for c in sent] == [f"m{i}" for i in range(25)]
    assert sent[20].at >= 60.0


async def test_stop_finishes_the_call_in_flight_and_releases_the_lease(rig: Rig) -> None:
    await rig.enqueue(Send(ALICE, "a1"), Send(BOB, "b1"), Send(BOB, "b2"))
    rig.api.gate = gate = asyncio.Event()

    async def script() -> None:
        await rig.time.sleep(0.5)  # a1 and b1 are in flight, b2 waits for BOB's second
        stopping = asyncio.create_task(rig.sender.stop())
        await rig.time.sleep(0.1)
        assert not stopping.done()  # it waits for the calls ...
        gate.set()
        await stopping  # ... and returns as soon as they are recorded

    await rig.while_running(script)
    assert rig.time.now == pytest.approx(0.6)
    assert rig.statuses() == ["sent", "sent", "pending"]
    # b2 was given back, not left leased: another sender can take it at once; it was not tried.
    assert [p.action for p in await rig.queue.lease(rig.time.clock(), 10, 30)] == [Send(BOB, "b2")]
    assert rig.queue.attempts()[2] == (3, 0)


async def test_what_a_crashed_sender_leased_is_sent_when_its_lease_expires(rig: Rig) -> None:
    await rig.enqueue(Send(ALICE, "a1"), Send(ALICE, "a2"))
    assert len(await rig.queue.lease(rig.time.clock(), 10, 30)) == 1  # a worker took a1 and died
    assert await rig.time.run(rig.sender.drain(timeout=120))
    assert rig.texts(ALICE) == ["a1", "a2"]
    assert rig.api.ok(ALICE)[0].at >= 30.0


async def test_drain_gives_up_at_its_timeout(rig: Rig) -> None:
    rig.api.fail(ALICE, RetryAfter(100))
    await rig.enqueue(Send(ALICE, "a1"))
    assert not await rig.time.run(rig.sender.drain(timeout=10))
    assert rig.time.now == pytest.approx(10.0)
    assert await rig.queue.pending_count() == 1


def _backlog(chat_id: int, first: int = 1) -> list[Action]:
    """Ten items for one group: five cards, each followed by an edit."""
    items: list[Action] = []
    for i in range(first, first + 5):
        items += [Send(chat_id, f"card {i}", ref=f"card:{i}"), Edit(chat_id, f"card:{i}", f"card {i} claimed")]
    return items


async def test_an_urgent_send_goes_before_the_groups_backlog(rig: Rig) -> None:
    await rig.enqueue(*_backlog(GROUP), Send(GROUP, "call 120 now", urgent=True))
    assert await rig.time.run(rig.sender.drain(timeout=120))
    sent = rig.api.ok(GROUP)
    assert (sent[0].text, sent[0].at) == ("call 120 now", 0.0)
    # The rest keep their order: every edit after its card, on its card's message.
    assert [c.text for c in sent[1:]] == [a.text for a in _backlog(GROUP)]
    assert min(spacing(sent)) >= 1.0
    cards = {c.text: c.message_id for c in sent if c.method == "sendMessage"}
    edits = [c for c in sent if c.method == "editMessageText"]
    assert all(c.message_id == cards[(c.text or "").removesuffix(" claimed")] for c in edits)


async def test_an_urgent_send_queued_mid_backlog_overtakes_all_but_the_item_on_its_way(rig: Rig) -> None:
    await rig.enqueue(*_backlog(GROUP))

    async def script() -> None:
        await rig.time.sleep(2.5)  # three of the backlog are out, the fourth waits for its second
        await rig.enqueue(Send(GROUP, "call 120 now", urgent=True))
        rig.sender.wake()
        await rig.time.sleep(20)

    await rig.while_running(script)
    sent = rig.api.ok(GROUP)
    assert [c.text for c in sent[:5]] == ["card 1", "card 1 claimed", "card 2", "card 2 claimed", "call 120 now"]
    assert sent[4].at == pytest.approx(4.0)
    assert len(sent) == 11


async def test_in_a_group_at_its_limit_an_urgent_send_takes_the_next_free_slot(rig: Rig) -> None:
    await rig.enqueue(*_backlog(GROUP), *_backlog(GROUP, 6), *_backlog(GROUP, 11))  # a rainstorm

    async def script() -> None:
        await rig.time.sleep(30)  # 20 went out by t=19; the group's minute is full until t=60
        await rig.enqueue(Send(GROUP, "call 120 now", urgent=True))
        rig.sender.wake()
        await rig.time.sleep(60)

    await rig.while_running(script)
    sent = rig.api.ok(GROUP)
    assert sent[20].text == "call 120 now" and sent[20].at == pytest.approx(60.0, abs=0.1)
    assert len(sent) == 31 and set(rig.statuses()) == {"sent"}
    assert all(sent[i + 20].at - sent[i].at >= 60.0 for i in range(len(sent) - 20))
    assert {attempts for _, attempts in rig.queue.attempts()} == {0}


async def test_urgent_items_take_the_global_budget_first(rig: Rig) -> None:
    rig.limits = OutboxSection(per_chat_per_second=1, per_group_per_minute=20, global_per_second=2, poll_seconds=1.0)
    rig.sender = rig.new_sender()
    await rig.enqueue(*(Send(-2000 - i, f"ordinary {i}") for i in range(6)), Send(GROUP, "call 120 now", urgent=True))
    assert await rig.time.run(rig.sender.drain(timeout=60))
    first = rig.api.ok()[0]
    assert (first.text, first.at) == ("call 120 now", 0.0)
    assert len(rig.api.ok()) == 7


async def test_a_new_sender_keeps_to_the_group_minute_its_predecessor_opened(rig: Rig) -> None:
    await rig.enqueue(*(Send(GROUP, f"m{i}") for i in range(20)), Send(ALICE, "a1"))
    assert await rig.time.run(rig.sender.drain(timeout=60))  # 20 into the group by t=19
    await rig.time.run(rig.time.sleep(25.0 - rig.time.now))
    await rig.enqueue(*(Send(GROUP, f"n{i}") for i in range(3)), Send(ALICE, "a2"))
    assert await rig.time.run(rig.new_sender().drain(timeout=120))  # a restarted process
    sent = rig.api.ok(GROUP)
    assert len(sent) == 23
    assert all(sent[i + 20].at - sent[i].at >= 60.0 for i in range(len(sent) - 20))
    assert sent[20].at == pytest.approx(60.0, abs=0.1)
    assert rig.api.ok(ALICE)[1].at == pytest.approx(25.0)  # another chat is not held up


async def test_a_new_sender_keeps_a_private_chats_spacing(rig: Rig) -> None:
    await rig.enqueue(Send(ALICE, "a1"))
    assert await rig.time.run(rig.sender.drain(timeout=60))
    await rig.time.run(rig.time.sleep(0.25))
    await rig.enqueue(Send(ALICE, "a2"))
    assert await rig.time.run(rig.new_sender().drain(timeout=60))
    assert [c.at for c in rig.api.ok(ALICE)] == [0.0, pytest.approx(1.0, abs=0.05)]


async def test_a_sender_started_again_does_not_count_its_own_sends_twice(rig: Rig) -> None:
    await rig.enqueue(*(Send(GROUP, f"m{i}") for i in range(10)))
    assert await rig.time.run(rig.sender.drain(timeout=60))  # t = 0 … 9
    await rig.enqueue(*(Send(GROUP, f"n{i}") for i in range(10)))
    assert await rig.time.run(rig.sender.drain(timeout=60))  # the same sender, its limiter kept
    assert [c.at for c in rig.api.ok(GROUP)][10:] == pytest.approx([float(t) for t in range(10, 20)], abs=0.05)


async def test_deferring_for_the_group_limit_counts_no_attempt(rig: Rig) -> None:
    await rig.enqueue(*(Send(GROUP, f"m{i}") for i in range(25)))
    assert await rig.time.run(rig.sender.drain(timeout=600))
    assert set(rig.statuses()) == {"sent"}
    assert {attempts for _, attempts in rig.queue.attempts()} == {0}


async def test_an_answer_already_too_old_when_leased_is_dropped_unsent(rig: Rig) -> None:
    await rig.enqueue(AnswerButton("stale", "ok"))
    await rig.time.run(rig.time.sleep(11))  # queued, then the process was down for 11 s
    await rig.enqueue(AnswerButton("fresh", "ok"))
    assert await rig.time.run(rig.new_sender().drain(timeout=60))
    assert [c.text for c in rig.api.calls] == ["ok"]
    assert rig.statuses() == ["failed", "sent"]


async def test_an_answers_age_counts_from_when_it_was_queued(rig: Rig) -> None:
    rig.api.fail("q", RetryAfter(6))
    await rig.enqueue(AnswerButton("q", "ok"))
    await rig.time.run(rig.time.sleep(5))  # 5 s old at its first try: 6 more would be too late
    assert await rig.time.run(rig.new_sender().drain(timeout=60))
    assert [c.ok for c in rig.api.calls] == [False]
    assert rig.statuses() == ["failed"]


class FlakyQueue(FakeOutboxQueue):
    """The outbox whose database fails now and then."""

    def __init__(self, factory: FakeUnitOfWorkFactory, lease_failures: int, sent_failures: int) -> None:
        super().__init__(factory)
        self.lease_failures, self.sent_failures = lease_failures, sent_failures

    async def lease(
        self, now: datetime, limit: int, lease_seconds: float, sent: Sequence[tuple[PendingAction, int | None]] = (),
        start: StartNow | None = None, per_chat: int = 1,
    ) -> list[PendingAction]:
        if self.lease_failures:
            self.lease_failures -= 1
            raise ConnectionError("database is gone")
        return await super().lease(now, limit, lease_seconds, sent, start, per_chat)

    async def sent(self, item: PendingAction, message_id: int | None, now: datetime) -> None:
        if self.sent_failures:
            self.sent_failures -= 1
            raise ConnectionError("database is gone")
        await super().sent(item, message_id, now)


async def test_a_failing_database_never_kills_the_loop(rig: Rig, caplog: pytest.LogCaptureFixture) -> None:
    rig.queue = FlakyQueue(rig.uow, lease_failures=2, sent_failures=1)
    rig.sender = rig.new_sender()
    await rig.enqueue(Send(ALICE, "a1"))
    with caplog.at_level(logging.WARNING, logger="bot.sender"):
        assert await rig.time.run(rig.sender.drain(timeout=120))
    # Two polls lost to the lease, then a1 went out; the next lease, which marks it, failed too,
    # and the mark was kept for the one after: sent once, not again when its lease ran out.
    assert [c.at for c in rig.api.ok(ALICE)] == [2.0]
    assert sum("could not lease" in r.getMessage() for r in caplog.records) == 3
    assert rig.statuses() == ["sent"]


async def test_a_database_down_for_long_keeps_the_marks_until_it_is_back(rig: Rig) -> None:
    rig.queue = FlakyQueue(rig.uow, lease_failures=0, sent_failures=40)
    rig.sender = rig.new_sender()
    await rig.enqueue(Send(ALICE, "a1"))
    assert await rig.time.run(rig.sender.drain(timeout=120))
    # Forty leases failed on marking a1 (past its 30 s lease): the lease and the mark are one
    # transaction, so a1 was never leased again before it was recorded.
    assert len(rig.api.ok(ALICE)) == 1
    assert rig.statuses() == ["sent"]


async def test_a_stopping_sender_waits_for_the_database_to_record_its_sends(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    rig.queue = FlakyQueue(rig.uow, lease_failures=0, sent_failures=5)  # the database is restarting
    rig.sender = rig.new_sender()
    await rig.enqueue(Send(ALICE, "a1"))

    async def script() -> None:
        await rig.time.sleep(0.5)
        assert len(rig.api.ok(ALICE)) == 1 and rig.statuses() == ["pending"]  # sent, its mark not yet written
        await rig.sender.stop()

    with caplog.at_level(logging.WARNING, logger="bot.sender"):
        await rig.while_running(script)
    assert rig.statuses() == ["sent"] and len(rig.api.ok(ALICE)) == 1
    assert sum("recording it waits for the database" in r.getMessage() for r in caplog.records) == 1


async def test_a_deletion_goes_after_its_message_as_delete_message(rig: Rig) -> None:
    await rig.enqueue(Send(GROUP, "ask the neighbours?", ref="suggest:1"), Delete(GROUP, "suggest:1"))
    assert await rig.time.run(rig.sender.drain(timeout=60))
    send, delete = rig.api.ok(GROUP)
    assert (send.method, delete.method) == ("sendMessage", "deleteMessage")
    assert delete.message_id == send.message_id and delete.at - send.at >= 1.0, "spaced like any message"
    assert set(rig.statuses()) == {"sent"}


class CountingQueue(FakeOutboxQueue):
    """The outbox that counts its round trips: leases (with how many marks each) and lone marks."""

    def __init__(self, factory: FakeUnitOfWorkFactory) -> None:
        super().__init__(factory)
        self.leases: list[int] = []
        self.lone_marks = 0
        self._leasing = False

    async def lease(
        self, now: datetime, limit: int, lease_seconds: float, sent: Sequence[tuple[PendingAction, int | None]] = (),
        start: StartNow | None = None, per_chat: int = 1,
    ) -> list[PendingAction]:
        self.leases.append(len(sent))
        self._leasing = True
        try:
            return await super().lease(now, limit, lease_seconds, sent, start, per_chat)
        finally:
            self._leasing = False

    async def sent(self, item: PendingAction, message_id: int | None, now: datetime) -> None:
        self.lone_marks += not self._leasing
        await super().sent(item, message_id, now)


async def test_the_sender_marks_what_it_sent_in_its_next_lease_in_one_round_trip(rig: Rig) -> None:
    rig.queue = counting = CountingQueue(rig.uow)
    rig.sender = rig.new_sender()
    await rig.enqueue(*(Send(1000 + n, f"hello {n}") for n in range(12)), *(Send(GROUP, f"g{i}") for i in range(3)))
    assert await rig.time.run(rig.sender.drain(timeout=60))
    assert set(rig.statuses()) == {"sent"}
    assert counting.lone_marks == 0
    # Twelve chats answered together are marked together, with the group's second card leased.
    assert max(counting.leases) == 13
    assert sum(counting.leases) == 15
    group = rig.api.ok(GROUP)
    assert spacing(group) == [pytest.approx(1.0), pytest.approx(1.0)]


@pytest.mark.parametrize("latency", [0.0, 0.05])
async def test_a_rainstorm_of_twenty_groups_goes_out_at_the_limits_pace_to_the_call(rig: Rig, latency: float) -> None:
    # 10 cards into each of 20 groups: a card a second per group is the limit, 9 s in all. Each
    # next card starts the moment its chat's spacing ends, counted from the previous answer: no
    # polling tick is added, only the calls' own time.
    rig.api.latency = latency
    groups = [-3000 - g for g in range(20)]
    await rig.enqueue(*(Send(g, f"card {k}") for k in range(10) for g in groups))
    assert await rig.time.run(rig.sender.drain(timeout=120))
    starts = [c.at for c in rig.api.ok()]
    assert len(starts) == 200
    assert max(starts) - min(starts) == pytest.approx(9 * (1.0 + latency), abs=0.01)
    for g in groups:
        assert spacing(rig.api.ok(g)) == [pytest.approx(1.0 + latency, abs=0.001)] * 9
