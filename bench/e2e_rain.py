"""The rainstorm of `make bench-e2e`: many groups ask at once and the fake Bot API enforces
Telegram's limits to the letter (no two messages within 1 s in a chat, 20 a minute in a group,
30 a second overall, no slack, 429 with retry_after past them). How long until every card is
out, against the least time the limits allow, and how many 429s it cost."""

from __future__ import annotations

import itertools
import random
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg  # type: ignore[import-untyped]
from e2e_load import cards, request_text, wait
from e2e_procs import GROUPS, BotProcess, dsn

from bot.fakeapi.flood import FloodLimits

# The strictest reading of "about one message a second" (a burst of one) and no timing slack.
STRICT = FloodLimits(per_chat_per_sec=1.0, per_chat_burst=1, per_group_per_min=20, global_per_sec=30, slack=0.0)


def least_time(groups: int, per_group: int, limits: FloodLimits = STRICT) -> float:
    """Seconds from the first card to the last that the limits cannot beat: the last card of a
    group after a second per card and a full minute per 20; overall, 30 a second."""
    last = per_group - 1
    per_chat = last / limits.per_chat_per_sec
    per_group_minute = (last // limits.per_group_per_min) * 60.0 + (last % limits.per_group_per_min)
    overall = float((groups * per_group - 1) // limits.global_per_sec)
    return max(per_chat, per_group_minute, overall)


@dataclass
class Storm:
    bot: str
    groups: int
    per_group: int
    delivered: int
    from_post: float  # seconds, burst posted → last card at the fake API
    first_to_last: float  # first card → last card
    least: float
    too_many: int  # 429s the fake answered on its own
    violations: int  # successful calls over the limits (should be 0 when 429s are)
    spacing: float  # a group's cards apart, on average (the limits' least: 1 s)
    # Posted → last card if each card went the moment both the limits and the core allowed:
    # the first when it was queued, each next one a second after the one before or when it was
    # queued, whichever is later. The sender's own share is the difference from from_post.
    least_after_handling: float

    @property
    def ratio(self) -> float:
        return self.first_to_last / self.least if self.least else float("nan")


async def rainstorm(bot: BotProcess, groups: int, per_group: int, timeout: float) -> Storm:
    api = bot.api
    chats = [api.group(g, f"楼群{i}") for i, g in enumerate(GROUPS[:groups])]
    ids = [c["id"] for c in chats]
    await api.wait_idle(quiet=0.5, timeout=30)
    rng = random.Random(3)
    posted = time.monotonic()
    # Round robin: each group's first request first, as a real downpour would arrive.
    for k in range(per_group):
        for i, chat in enumerate(chats):
            api.post(chat, api.user(500_000 + i * 1000 + k, f"邻居{i}-{k}"), request_text(chat["id"], rng))
    total = groups * per_group
    await wait(lambda: len(cards(api, ids)) >= total, timeout)
    out = cards(api, ids)
    times = [c.time for c in out] or [posted]
    too_many = [c for c in api.calls if c.status == 429 and not c.injected]
    violations = api.flood_violations(per_chat_burst=1, slack=0.0)
    gaps = [b.time - a.time for g in ids for a, b in itertools.pairwise([c for c in out if c.params["chat_id"] == g])]
    queued = await queued_cards(bot)
    epoch = time.time() - time.monotonic()  # the fake's moments (monotonic) on the outbox's clock
    last_least = max((chain(moments, STRICT) for moments in queued.values()), default=posted + epoch)
    return Storm(
        bot.name, groups, per_group, len(out), max(times) - posted, max(times) - min(times),
        least_time(groups, per_group), len(too_many), len(violations), sum(gaps) / max(len(gaps), 1),
        last_least - epoch - posted,
    )  # fmt: skip


def chain(queued: list[float], limits: FloodLimits) -> float:
    """When a group's last card could go at the earliest, its cards queued at `queued`."""
    sent: list[float] = []
    for at in queued:
        earliest = max(at, sent[-1] + 1 / limits.per_chat_per_sec) if sent else at
        if len(sent) >= limits.per_group_per_min:
            earliest = max(earliest, sent[-limits.per_group_per_min] + 60.0)
        sent.append(earliest)
    return sent[-1]


async def queued_cards(bot: BotProcess) -> dict[int, list[float]]:
    """When the core queued each card (the outbox's created_at, epoch seconds), per group."""
    database = bot.database
    assert database is not None
    query = "SELECT chat_id, created_at FROM outbox WHERE ref LIKE 'card:%' ORDER BY id"
    if database.path is not None:
        with sqlite3.connect(database.path) as connection:
            rows = list(connection.execute(query))
    else:
        connection = await asyncpg.connect(dsn(database.url), timeout=5)
        try:
            rows = [tuple(r) for r in await connection.fetch(query)]
        finally:
            await connection.close()
    found: dict[int, list[float]] = {}
    for chat_id, created in rows:
        at = datetime.fromisoformat(created) if isinstance(created, str) else created
        found.setdefault(chat_id, []).append((at if at.tzinfo else at.replace(tzinfo=UTC)).timestamp())
    return found
