"""Telegram's flood limits, as sliding windows over successful chat-bound calls.

What Telegram documents (core.telegram.org/bots/faq): about one message per
second in a single chat, "short bursts" tolerated; at most 20 messages per
minute in one group; about 30 messages per second overall. The exact
algorithm is secret, so we model each limit as "at most N calls in any window
of P seconds":

* per chat:  N = per_chat_burst, P = per_chat_burst / per_chat_per_sec
  (defaults 3 in 3 s: a reply plus a quick edit is fine, a 4-message spray is
  not; per_chat_burst=1 gives the strict "no two calls within ~1 s" reading);
* per group (chat_id < 0): N = per_group_per_min, P = 60 s;
* global: N = global_per_sec, P = 1 s.

Edits count like sends: Telegram answers 429 to edit storms just the same.
`slack` shortens every window so that request-timing jitter of a compliant,
rate-limited client is never reported.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

AUDITED_METHODS = frozenset({"sendMessage", "editMessageText", "editMessageReplyMarkup"})


@dataclass(frozen=True)
class FloodLimits:
    per_chat_per_sec: float = 1.0
    per_chat_burst: int = 3
    per_group_per_min: int = 20
    global_per_sec: int = 30
    slack: float = 0.1

    def windows(self, chat_id: int) -> list[tuple[str, int, float]]:
        """(scope, max calls, window seconds) rules applying to a call to chat_id."""
        rules = [
            (f"chat {chat_id}", self.per_chat_burst, self.per_chat_burst / self.per_chat_per_sec),
            ("global", self.global_per_sec, 1.0),
        ]
        if chat_id < 0:
            rules.insert(1, (f"group {chat_id}", self.per_group_per_min, 60.0))
        return rules


def _in_scope(scope: str, event_chat: int) -> bool:
    if scope == "global":
        return True
    return int(scope.split()[1]) == event_chat


def check(
    history: Sequence[tuple[float, int]], chat_id: int, now: float, limits: FloodLimits
) -> tuple[float, str] | None:
    """Would a call to chat_id at `now` break a limit, given earlier calls?

    Returns (seconds the caller should have waited, explanation) or None.
    """
    worst: tuple[float, str] | None = None
    for scope, limit, period in limits.windows(chat_id):
        times = [t for t, chat in history if t <= now and _in_scope(scope, chat)]
        if len(times) < limit:
            continue
        oldest = sorted(times)[-limit]
        span = now - oldest
        if span < period - limits.slack:
            wait = period - span
            why = f"{scope}: {limit + 1} calls within {span:.2f}s (limit {limit} per {period:g}s)"
            if worst is None or wait > worst[0]:
                worst = (wait, why)
    return worst


def violations(events: Iterable[tuple[float, int]], limits: FloodLimits) -> list[str]:
    ordered = sorted(events)
    if not ordered:
        return []
    start = ordered[0][0]
    found: list[str] = []
    for index, (when, chat_id) in enumerate(ordered):
        verdict = check(ordered[:index], chat_id, when, limits)
        if verdict is not None:
            found.append(f"t=+{when - start:.2f}s {verdict[1]}")
    return found


def retry_after(wait: float) -> int:
    return max(1, math.ceil(wait))
