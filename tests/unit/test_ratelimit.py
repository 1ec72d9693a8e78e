"""The flood limiter: pure arithmetic over the times it is told about."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import pytest

from bot.config import OutboxSection
from bot.ratelimit import RateLimiter

GROUP, OTHER_GROUP, PRIVATE, OTHER_PRIVATE = -100, -200, 7, 8


@dataclass(frozen=True)
class Case:
    name: str
    sends: list[tuple[int | None, float]]  # (chat, when) already recorded, in time order
    ask: tuple[int | None, float]  # (chat, now)
    expect: float
    holds: list[tuple[int, float]] = field(default_factory=list)
    limits: tuple[float, int, int] = (1.0, 20, 30)


def burst(chat: int | None, count: int, start: float = 0.0, step: float = 1.0) -> list[tuple[int | None, float]]:
    return [(chat, start + i * step) for i in range(count)]


CASES = [
    Case("first send to a chat goes now", [], (PRIVATE, 0.0), 0.0),
    Case("same chat waits out the spacing", [(PRIVATE, 0.0)], (PRIVATE, 0.25), 0.75),
    Case("same chat after a second goes", [(PRIVATE, 0.0)], (PRIVATE, 1.0), 0.0),
    Case("another chat is not slowed", [(PRIVATE, 0.0)], (OTHER_PRIVATE, 0.0), 0.0),
    Case("a faster per-chat rate spaces less", [(PRIVATE, 0.0)], (PRIVATE, 0.1), 0.4, limits=(2.0, 20, 30)),
    Case("group: 19 in a minute leave room", burst(GROUP, 19), (GROUP, 19.0), 0.0),
    Case("group: the 21st waits for the 1st to age out", burst(GROUP, 20), (GROUP, 20.0), 40.0),
    Case("group: exactly a minute after the 1st", burst(GROUP, 20), (GROUP, 60.0), 0.0),
    Case("group: window slides with the 2nd send", burst(GROUP, 21, step=3.0), (GROUP, 63.5), 0.0),
    Case("group limit is per group", burst(GROUP, 20), (OTHER_GROUP, 20.0), 0.0),
    Case("private chats have no minute limit", burst(PRIVATE, 25), (PRIVATE, 25.0), 0.0),
    Case("small group limit", burst(GROUP, 3), (GROUP, 3.0), 57.0, limits=(1.0, 3, 30)),
    Case(
        "global: 30 in a second, the 31st waits",
        [(1000 + i, i / 100) for i in range(30)],
        (PRIVATE, 0.5),
        0.5,
    ),
    Case("global: 29 leave room", [(1000 + i, i / 100) for i in range(29)], (PRIVATE, 0.5), 0.0),
    Case("global counts answers", burst(None, 30, step=0.01), (PRIVATE, 0.3), 0.7),
    Case("answers only count globally", burst(None, 5, step=0.0), (None, 0.0), 0.0),
    Case("an answer ignores the chat spacing", [(GROUP, 0.0)], (None, 0.1), 0.0),
    Case("an answer waits for the global limit", burst(1, 1) + burst(None, 29, step=0.0), (None, 0.2), 0.8),
    Case("hold blocks its chat", [], (PRIVATE, 1.0), 4.0, holds=[(PRIVATE, 5.0)]),
    Case("hold spares other chats", [], (OTHER_PRIVATE, 1.0), 0.0, holds=[(PRIVATE, 5.0)]),
    Case("hold spares answers", [], (None, 1.0), 0.0, holds=[(PRIVATE, 5.0)]),
    Case("hold over", [], (PRIVATE, 5.0), 0.0, holds=[(PRIVATE, 5.0)]),
    Case("longest hold wins", [], (PRIVATE, 0.0), 9.0, holds=[(PRIVATE, 9.0), (PRIVATE, 3.0)]),
    Case("hold and group window: the later", burst(GROUP, 20), (GROUP, 20.0), 40.0, holds=[(GROUP, 30.0)]),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_delay(case: Case) -> None:
    limiter = RateLimiter(*case.limits)
    for chat, when in case.sends:
        limiter.record(chat, when)
    for chat, until in case.holds:
        limiter.hold(chat, until)
    chat, now = case.ask
    assert limiter.delay(chat, now) == pytest.approx(case.expect)


@pytest.mark.parametrize(
    ("chat", "seconds", "limits", "most_in_a_minute"),
    [(GROUP, 120.0, (1.0, 20, 30), 20), (PRIVATE, 30.0, (1.0, 20, 30), 31), (GROUP, 90.0, (2.0, 5, 30), 5)],
)
def test_greedy_sender_never_breaks_a_limit(
    chat: int, seconds: float, limits: tuple[float, int, int], most_in_a_minute: int
) -> None:
    """Send whenever allowed, in 10 ms steps: the result obeys every window."""
    limiter = RateLimiter(*limits)
    sent: list[float] = []
    for step in range(int(seconds * 100)):
        now = step / 100
        if limiter.delay(chat, now) == 0:
            limiter.record(chat, now)
            sent.append(now)
    spacing = 1 / limits[0]
    assert all(b - a >= spacing - 1e-9 for a, b in itertools.pairwise(sent))
    assert max(sum(1 for t in sent if start <= t < start + 60) for start in sent) <= most_in_a_minute


def test_global_window_holds_across_many_chats() -> None:
    limiter = RateLimiter()
    sent: list[float] = []
    for step in range(300):  # 3 s in 10 ms steps, a new chat each time
        now = step / 100
        if limiter.delay(10_000 + step, now) == 0:
            limiter.record(10_000 + step, now)
            sent.append(now)
    assert max(sum(1 for t in sent if start <= t < start + 1) for start in sent) == 30
    assert len(sent) == 90


def test_memory_is_bounded_by_recently_active_chats() -> None:
    limiter = RateLimiter()
    for i in range(10_000):  # one send to each of 10 000 chats, 50 per second
        limiter.record(i + 1 if i % 2 else -(i + 1), i / 50)
    # Only the chats of the last minute (3000) can still matter; sweeps keep at most about twice that.
    assert limiter.tracked_chats() <= 2 * 60 * 50 + 64


def test_forgetting_never_loses_an_active_hold() -> None:
    limiter = RateLimiter()
    limiter.hold(PRIVATE, 1_000.0)
    for i in range(5_000):
        limiter.record(10_000 + i, float(i))
    assert limiter.delay(PRIVATE, 4_999.0) == 0.0  # the hold ended at 1000: forgotten is right
    limiter.hold(PRIVATE, 9_000.0)
    for i in range(3_000):  # many sweeps happen meanwhile
        limiter.record(20_000 + i, 5_000.0 + i)
    assert limiter.delay(PRIVATE, 8_000.0) == pytest.approx(1_000.0)


def test_from_config() -> None:
    limiter = RateLimiter.from_config(
        OutboxSection(per_chat_per_second=0.5, per_group_per_minute=10, global_per_second=5, poll_seconds=1)
    )
    assert (limiter.chat_spacing, limiter.per_group_per_minute, limiter.global_per_second) == (2.0, 10, 5)


@pytest.mark.parametrize("limits", [(0.0, 20, 30), (1.0, 0, 30), (1.0, 20, 0)])
def test_rejects_nonsense_limits(limits: tuple[float, int, int]) -> None:
    with pytest.raises(ValueError, match="positive"):
        RateLimiter(*limits)


def test_spacing_also_counts_from_when_the_last_call_returned() -> None:
    limiter = RateLimiter()
    limiter.record(PRIVATE, 0.0)
    limiter.finished(PRIVATE, 0.7)  # a slow call: it may have arrived only now
    assert limiter.delay(PRIVATE, 1.0) == pytest.approx(0.7)
    assert limiter.delay(PRIVATE, 1.7) == 0.0
    assert limiter.delay(OTHER_PRIVATE, 1.0) == 0.0


def test_a_send_counts_from_its_answer_once_that_is_back() -> None:
    # Telegram counts a message when it arrives: a slow first call (started at 0, answered at
    # 0.5) may have arrived at 0.5, so the 4th of a 3-a-minute group waits until 60.5, not 60.
    limiter = RateLimiter(per_chat_per_second=10, per_group_per_minute=3, global_per_second=30)
    limiter.record(GROUP, 0.0)
    limiter.finished(GROUP, 0.5, started=0.0)
    for at in (1.0, 2.0):
        limiter.record(GROUP, at)
        limiter.finished(GROUP, at + 0.01, started=at)
    assert limiter.delay(GROUP, 60.0) == pytest.approx(0.5)
    assert limiter.delay(GROUP, 60.5) == 0.0


def test_a_send_in_flight_counts_from_its_start_and_the_global_second_from_its_answer() -> None:
    limiter = RateLimiter(per_chat_per_second=1, per_group_per_minute=20, global_per_second=2)
    limiter.record(PRIVATE, 0.0)  # in flight: it may already have arrived
    limiter.record(None, 0.1)  # an answer to a button
    assert limiter.delay(1234, 0.5) == pytest.approx(0.5)
    limiter.finished(PRIVATE, 0.4, started=0.0)  # it may have arrived as late as 0.4
    assert limiter.delay(1234, 1.0) == pytest.approx(0.1)
    assert limiter.delay(PRIVATE, 1.0) == pytest.approx(0.4)
    limiter.finished(None, 0.3, started=0.1)  # it counts in the global window only
    assert limiter.delay(1234, 1.0) == pytest.approx(0.3)
