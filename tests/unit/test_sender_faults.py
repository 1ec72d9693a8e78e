"""The sender under faults, on virtual time: answers nobody can read, messages that keep failing,
chats that shut the bot out, and budgets spent on what matters first."""

from __future__ import annotations

import pytest

from bot.config import OutboxSection
from bot.delivery import Ambiguous, Rejected, RetryAfter, Unreachable
from bot.notices import Notice
from bot.sender import OutboxSender
from handlers.chat import Edit, Keyboard, Send
from tests.unit.test_sender import ALICE, BOB, GROUP, LIMITS, OTHER_GROUP, Call, Rig, ScriptedApi, VirtualTime


class Told:
    def __init__(self) -> None:
        self.notices: list[Notice] = []

    async def __call__(self, notice: Notice) -> None:
        self.notices.append(notice)


class Probe:
    def __init__(self, answers: bool) -> None:
        self.answers = answers
        self.calls = 0

    async def __call__(self) -> object:
        self.calls += 1
        if not self.answers:
            raise Unreachable("connection refused")
        return "me"


def rigged_sender(rig: Rig, limits: OutboxSection, told: Told, probe: Probe | None) -> OutboxSender:
    return OutboxSender(
        rig.queue, rig.api, limits, clock=rig.time.clock, monotonic=rig.time.monotonic, sleep=rig.time.sleep,
        jitter=lambda: 1.0, notify=told, probe=probe,
    )  # fmt: skip


def rigged(limits: OutboxSection = LIMITS, probe: Probe | None = None) -> tuple[Rig, Told]:
    rig, told = Rig(limits), Told()
    rig.sender = rigged_sender(rig, limits, told, probe)
    return rig, told


async def test_an_unparseable_answer_to_a_card_counts_it_sent_once_and_its_edits_follow() -> None:
    rig, _ = rigged()
    rig.api.fail(GROUP, Ambiguous("GarbledReply: unusable 2xx answer", message_id=None))
    await rig.enqueue(Send(GROUP, "card", ref="card:1"), Send(GROUP, "next"))
    assert await rig.time.run(rig.sender.drain(timeout=60))
    assert [c.text for c in rig.api.calls if c.chat_id == GROUP] == ["card", "next"]  # never posted twice
    assert rig.statuses() == ["sent", "sent"]


async def test_an_ambiguous_answer_that_still_shows_the_message_id_keeps_it_for_the_edits() -> None:
    rig, _ = rigged()
    rig.api.fail(GROUP, Ambiguous("pydantic: a field missing", message_id=77))
    await rig.enqueue(Send(GROUP, "card", ref="card:1"), Edit(GROUP, "card:1", "card v2"))
    assert await rig.time.run(rig.sender.drain(timeout=60))
    assert await rig.queue.message_of("card:1") == 77
    [edit] = rig.api.ok(GROUP, "editMessageText")
    assert edit.message_id == 77


async def test_an_urgent_call_whose_answer_was_lost_is_sent_again() -> None:
    rig, _ = rigged()
    rig.api.fail(GROUP, Ambiguous("TimedOut"))
    await rig.enqueue(Send(GROUP, "call 120", urgent=True))
    assert await rig.time.run(rig.sender.drain(timeout=60))
    assert [(c.text, c.ok) for c in rig.api.calls] == [("call 120", False), ("call 120", True)]


class OneBadMessage(ScriptedApi):
    """Fails the message "stuck" (only it) its first `times` tries."""

    def __init__(self, time: VirtualTime, times: int) -> None:
        super().__init__(time)
        self.left = times

    async def send_message(self, chat_id: int, text: str, keyboard: Keyboard, reply_to_message_id: int | None) -> int:
        if text == "stuck" and self.left > 0:
            self.left -= 1
            self.calls.append(Call("sendMessage", chat_id, text, self.time.now, ok=False))
            raise Unreachable("500 Internal Server Error")
        return await super().send_message(chat_id, text, keyboard, reply_to_message_id)


async def test_a_failing_message_never_holds_back_the_rest_of_its_chat() -> None:
    rig, _ = rigged()
    rig.api = OneBadMessage(rig.time, 3)
    rig.sender = rigged_sender(rig, LIMITS, Told(), None)
    await rig.enqueue(Send(GROUP, "stuck"), Send(GROUP, "b"), Send(GROUP, "c"))
    assert await rig.time.run(rig.sender.drain(timeout=120))
    ok = rig.api.ok(GROUP)
    assert [c.text for c in ok] == ["b", "c", "stuck"]  # b and c went while "stuck" backed off
    assert ok[1].at < 5.0


async def test_a_message_that_keeps_failing_is_parked_and_the_secretaries_told() -> None:
    limits = OutboxSection(per_chat_per_second=1, per_group_per_minute=20, global_per_second=30,
                           poll_seconds=1.0, max_attempts=3)  # fmt: skip
    probe = Probe(answers=True)
    rig, told = rigged(limits, probe)
    rig.api.fail(GROUP, *(RuntimeError("a transport bug") for _ in range(10)))
    await rig.enqueue(Send(GROUP, "doomed"))
    assert await rig.time.run(rig.sender.drain(timeout=600))
    assert len(rig.api.calls) == 3 and rig.statuses() == ["parked"]
    assert probe.calls == 1
    assert [(n.kind, n.chat_id) for n in told.notices] == [("parked", GROUP)]


async def test_while_telegram_is_down_for_everyone_nothing_is_parked() -> None:
    limits = OutboxSection(per_chat_per_second=1, per_group_per_minute=20, global_per_second=30,
                           poll_seconds=1.0, max_attempts=2)  # fmt: skip
    rig, told = rigged(limits, Probe(answers=False))
    rig.api.fail(GROUP, *(Unreachable("connection refused") for _ in range(4)))
    await rig.enqueue(Send(GROUP, "patience"))
    assert await rig.time.run(rig.sender.drain(timeout=600))
    assert rig.texts(GROUP) == ["patience"] and told.notices == []


async def test_a_group_that_kicked_the_bot_is_closed_and_the_secretaries_told() -> None:
    rig, told = rigged()
    rig.api.fail(GROUP, Rejected("Forbidden: bot was kicked from the supergroup chat", chat_gone=True))
    await rig.enqueue(Send(GROUP, "g1"), Send(GROUP, "g2"), Send(OTHER_GROUP, "o1"))
    assert await rig.time.run(rig.sender.drain(timeout=60))
    assert [c.text for c in rig.api.calls if c.chat_id == GROUP] == ["g1"]  # g2 never tried
    assert rig.statuses() == ["failed", "failed", "sent"]
    assert [(n.kind, n.chat_id) for n in told.notices] == [("chat_closed", GROUP)]


async def test_a_private_chat_that_blocked_the_bot_fails_that_message_only() -> None:
    rig, told = rigged()
    rig.api.fail(ALICE, Rejected("Forbidden: bot was blocked by the user", chat_gone=True))
    await rig.enqueue(Send(ALICE, "a1"), Send(ALICE, "a2"), Send(BOB, "b1"))
    assert await rig.time.run(rig.sender.drain(timeout=60))
    assert rig.statuses() == ["failed", "sent", "sent"] and told.notices == []


async def test_a_429_costs_no_attempt() -> None:
    rig, _ = rigged()
    rig.api.fail(GROUP, *(RetryAfter(1) for _ in range(12)))
    await rig.enqueue(Send(GROUP, "patient"))
    assert await rig.time.run(rig.sender.drain(timeout=600))
    assert rig.texts(GROUP) == ["patient"] and rig.queue.attempts() == [(1, 0)]


@pytest.mark.parametrize("urgent", [False, True])
async def test_in_a_groups_spent_minute_cards_and_urgent_messages_go_before_acknowledgements(urgent: bool) -> None:
    limits = OutboxSection(per_chat_per_second=10, per_group_per_minute=3, global_per_second=30, poll_seconds=1.0)
    rig, _ = rigged(limits)
    await rig.enqueue(*(Send(GROUP, f"ack {i}", ack=True) for i in range(4)))
    await rig.enqueue(Send(GROUP, "card", ref="card:9", urgent=urgent))
    assert await rig.time.run(rig.sender.drain(timeout=600))
    assert rig.texts(GROUP)[:2] == ["card", "ack 0"]


async def test_twenty_equal_acknowledgements_become_one_and_the_next_card_does_not_wait() -> None:
    rig, _ = rigged()
    taken = [Send(GROUP, "taken by 陈阿姨", reply_to_message_id=i, ref="ack:claim_taken:1", ack=True)
             for i in range(19)]
    await rig.enqueue(*taken)
    await rig.enqueue(Send(GROUP, "new card", ref="card:2"))
    assert await rig.time.run(rig.sender.drain(timeout=120))
    assert rig.texts(GROUP) == ["new card", "taken by 陈阿姨"]
    assert rig.api.ok(GROUP)[0].at == 0.0
