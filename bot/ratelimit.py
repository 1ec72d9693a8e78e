"""Telegram's flood limits as a pure, deterministic limiter: the sender asks, it never sleeps.

Telegram documents about one message a second per chat, at most 20 a minute into one group and
about 30 a second overall; past them it answers 429 and, for repeat offenders, longer bans. The
exact algorithm is secret, so each limit is modelled as "at most N sends in any window of P
seconds" (failed calls count too: Telegram may well have counted them). Telegram counts a message
when it arrives, somewhere between the moment our call started and the moment its answer came
back, and a window timed from the start can undercount: a slow first call lands late, the 21st
of the minute starts exactly 60 s after the first started, and Telegram sees 21 within 60 s.
So each send counts from its start while it is in flight (it may already have arrived) and from
its answer once that is back (`finished`): the later of the two, which can never undercount.

Time is whatever monotonic clock the caller passes in, so tests need no sleeping.

The state lives in one process. `prime` feeds it what was sent elsewhere (the outbox's record of
the last minute, read when a sender starts), so a restarted process keeps to the windows its
predecessor opened. Workers running side by side still do not see each other's sends as they
happen and together can exceed the limits; the 429 handling in the sender covers that case.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.config import OutboxSection

GROUP_WINDOW_SECONDS = 60.0
GLOBAL_WINDOW_SECONDS = 1.0
# Never sweep the per-chat table more often than this many entries, so sweeps stay amortised O(1).
_MIN_SWEEP = 64


@dataclass
class _ChatState:
    # The latest sends, oldest first; maxlen bounds it: only the Nth-latest send matters for an
    # "N in any window" rule, and a private chat only needs its latest one for the spacing.
    sends: deque[float]
    held_until: float = field(default=0.0)
    finished_at: float = field(default=float("-inf"))


class RateLimiter:
    """Per-chat spacing, a per-group window, a global window, and per-chat holds after a 429."""

    def __init__(
        self,
        per_chat_per_second: float = 1.0,
        per_group_per_minute: int = 20,
        global_per_second: int = 30,
    ) -> None:
        if per_chat_per_second <= 0 or per_group_per_minute < 1 or global_per_second < 1:
            raise ValueError("rate limits must be positive")
        self.chat_spacing = 1.0 / per_chat_per_second
        self.per_group_per_minute = per_group_per_minute
        self.global_per_second = global_per_second
        self._global: deque[float] = deque(maxlen=global_per_second)
        self._chats: dict[int, _ChatState] = {}
        self._sweep_at = _MIN_SWEEP
        # A chat whose last send is older than this has no influence on any future delay.
        self._memory = max(GROUP_WINDOW_SECONDS, self.chat_spacing)

    @classmethod
    def from_config(cls, limits: OutboxSection) -> RateLimiter:
        return cls(limits.per_chat_per_second, limits.per_group_per_minute, limits.global_per_second)

    def delay(self, chat_id: int | None, now: float) -> float:
        """Seconds until a send to `chat_id` is allowed (0: now). None is an answer to a button
        press: it is bound to no chat, so only the global limit applies."""
        wait = self._window_wait(self._global, self.global_per_second, GLOBAL_WINDOW_SECONDS, now)
        state = self._chats.get(chat_id) if chat_id is not None else None
        if state is None or chat_id is None:
            return wait
        wait = max(wait, state.held_until - now)
        if state.sends:
            wait = max(wait, state.sends[-1] + self.chat_spacing - now)
        wait = max(wait, state.finished_at + self.chat_spacing - now)
        if chat_id < 0:
            wait = max(wait, self._window_wait(state.sends, self.per_group_per_minute, GROUP_WINDOW_SECONDS, now))
        return max(wait, 0.0)

    def record(self, chat_id: int | None, now: float) -> None:
        """A send to `chat_id` started at `now` (call only when `delay` said 0)."""
        self._global.append(now)
        if chat_id is not None:
            self._state(chat_id).sends.append(now)
            self._forget_idle(now)

    def finished(self, chat_id: int | None, now: float, started: float | None = None) -> None:
        """A call to `chat_id` that started at `started` returned at `now`. Telegram counts a
        message when it arrives, which may be as late as the answer (a slow or queued request),
        so from here on that send counts at `now` in every window, and the next one to this chat
        is spaced from here too."""
        if started is not None and now > started:
            _move(self._global, started, now)
        if chat_id is None:
            return
        state = self._state(chat_id)
        state.finished_at = max(state.finished_at, now)
        if started is not None and now > started:
            _move(state.sends, started, now)

    def prime(self, sends: Iterable[tuple[int | None, float]]) -> None:
        """Remember sends made elsewhere (before a restart, by another worker): (chat, moment on
        this limiter's clock). Merged with what it already knows, in time order; moments older
        than `horizon` change nothing and may be left out."""
        everywhere = list(self._global)
        per_chat: dict[int, list[float]] = {}
        for chat_id, at in sends:
            everywhere.append(at)
            if chat_id is not None:
                per_chat.setdefault(chat_id, []).append(at)
        self._global.clear()
        self._global.extend(sorted(everywhere))  # maxlen keeps the latest
        for chat_id, moments in per_chat.items():
            state = self._state(chat_id)
            merged = sorted([*state.sends, *moments])
            state.sends.clear()
            state.sends.extend(merged)

    @property
    def horizon(self) -> float:
        """Seconds of history that can still delay a send."""
        return self._memory

    def hold(self, chat_id: int, until: float) -> None:
        """Telegram said "retry after": nothing goes to this chat before `until` (others go on)."""
        state = self._state(chat_id)
        state.held_until = max(state.held_until, until)

    def tracked_chats(self) -> int:
        """How many chats the limiter currently remembers (for the memory-bound test)."""
        return len(self._chats)

    # --- internals --------------------------------------------------------------------------

    @staticmethod
    def _window_wait(sends: deque[float], limit: int, window: float, now: float) -> float:
        if len(sends) < limit:
            return 0.0
        # The limit-th latest send must have left the window before one more may start.
        return max(sends[-limit] + window - now, 0.0)

    def _state(self, chat_id: int) -> _ChatState:
        state = self._chats.get(chat_id)
        if state is None:
            size = self.per_group_per_minute if chat_id < 0 else 1
            state = self._chats[chat_id] = _ChatState(deque(maxlen=size))
        return state

    def _forget_idle(self, now: float) -> None:
        # A full sweep only once the table has doubled since the last one: amortised O(1) per
        # send, and the table never holds more than about twice the chats active in the last
        # minute (plus those under a hold).
        if len(self._chats) < self._sweep_at:
            return
        idle = [
            chat_id
            for chat_id, state in self._chats.items()
            if state.held_until <= now and (not state.sends or state.sends[-1] + self._memory <= now)
        ]
        for chat_id in idle:
            del self._chats[chat_id]
        self._sweep_at = max(_MIN_SWEEP, 2 * len(self._chats))


def _move(sends: deque[float], started: float, now: float) -> None:
    """Count the send recorded at `started` at `now` instead, keeping `sends` in time order.
    Nothing happens when it is no longer there (older than the deque remembers)."""
    for index in range(len(sends) - 1, -1, -1):
        if sends[index] == started:
            del sends[index]
            break
        if sends[index] < started:
            return
    else:
        return
    # Insert in order; the deque is short (at most a window's limit), so a scan is cheap.
    index = len(sends)
    while index > 0 and sends[index - 1] > now:
        index -= 1
    sends.insert(index, now)
