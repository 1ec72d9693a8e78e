"""The load `make bench-e2e` drives: a closed loop of users posting to a bot over the fake Bot API,
and what counts as an answer.

An update is answered when the bot's reply to it reaches the fake API (the echo bots' echo, the
card Jinlin posts under a request), seen through the fake's call hook. Chit-chat gets no reply
from Jinlin, so there it counts as answered once the bot recorded it as handled: the inbox row of
its update leaves `pending` in the same transaction as the handling commits (read from the
bench's own connection every 5 ms; on SQLite a WAL reader that blocks no writer).
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from e2e_procs import GROUPS, BotProcess, buildings, dsn

from bot.fakeapi import FakeBotApi, Json
from bot.fakeapi.models import RecordedCall

CHAT_TEXTS = ["大家早上好", "哈哈哈哈", "今天天气真不错", "好的,谢谢大家", "晚上吃什么呀", "收到", "周末愉快"]
ASKS = [
    "要下雨啦,{b}号楼谁家有人在,请帮我收下被子!",
    "{b}号楼冰箱太重了,谁能来帮忙抬一下?",
    "{b}号楼有没有人能帮我去药店买点感冒药?",
    "谁能帮我修一下{b}号楼的水龙头,一直在漏水",
    "{b}号楼的老人需要有人陪着去医院复查,谁有空?",
]
ANSWER_TIMEOUT = 20.0


def request_text(group: int, rng: random.Random) -> str:
    return rng.choice(ASKS).format(b=rng.choice(buildings(group)))


@dataclass
class Outcome:
    answered: list[float] = field(default_factory=list)  # latencies, seconds
    lost: int = 0
    not_cards: int = 0  # requests whose first reply had no buttons
    replies: int = 0  # messages the bot sent during the run
    started: float = 0.0
    ended: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.answered) / max(self.ended - self.started, 1e-9)


class Answers:
    """Futures for the updates in flight, resolved by the bot's replies or by its inbox."""

    def __init__(self, bot: BotProcess) -> None:
        self.bot = bot
        self._replies: dict[tuple[int, int], asyncio.Future[tuple[float, bool]]] = {}
        self._handled: dict[int, asyncio.Future[tuple[float, bool]]] = {}
        self._last_update = 0
        self._probe: asyncio.Task[None] | None = None
        self._pg: Any = None
        self._sqlite: sqlite3.Connection | None = None
        bot.api.on_call = self._on_call
        bot.api.on_update = self._on_update

    def _on_update(self, update: Json) -> None:
        self._last_update = int(update["update_id"])

    def _on_call(self, call: RecordedCall) -> None:
        if not call.ok or call.method != "sendMessage" or not isinstance(call.result, dict):
            return
        quoted = call.result.get("reply_to_message") or {}
        future = self._replies.pop((call.result["chat"]["id"], quoted.get("message_id", 0)), None)
        if future is not None and not future.done():
            future.set_result((time.perf_counter(), bool(call.result.get("reply_markup"))))

    def post(self, chat: Json, user: Json, text: str, *, by_inbox: bool) -> asyncio.Future[tuple[float, bool]]:
        future: asyncio.Future[tuple[float, bool]] = asyncio.get_running_loop().create_future()
        message = self.bot.api.post(chat, user, text)
        if by_inbox:
            self._handled[self._last_update] = future
            if self._probe is None or self._probe.done():
                self._probe = asyncio.create_task(self._watch_inbox())
        else:
            self._replies[(chat["id"], message["message_id"])] = future
        return future

    async def _watch_inbox(self) -> None:
        while self._handled:
            low = min(self._handled) - 1
            for update_id in await self._handled_since(low):
                future = self._handled.pop(update_id, None)
                if future is not None and not future.done():
                    future.set_result((time.perf_counter(), False))
            await asyncio.sleep(0.005)

    async def _handled_since(self, low: int) -> list[int]:
        database = self.bot.database
        assert database is not None
        query = "SELECT update_id FROM inbox WHERE update_id > {} AND state <> 'pending'"
        if database.path is not None:
            if self._sqlite is None:
                self._sqlite = sqlite3.connect(f"file:{database.path}?mode=ro", uri=True, timeout=1)
            try:
                return [row[0] for row in self._sqlite.execute(query.format("?"), (low,))]
            except sqlite3.OperationalError:
                return []  # locked for a moment: look again at the next tick
        if self._pg is None:
            self._pg = await asyncpg.connect(dsn(database.url), timeout=5)
        return [row[0] for row in await self._pg.fetch(query.format("$1"), low)]

    async def close(self) -> None:
        if self._probe is not None:
            self._probe.cancel()
        if self._pg is not None:
            await self._pg.close()
        if self._sqlite is not None:
            self._sqlite.close()
        self.bot.api.on_call = self.bot.api.on_update = None


async def closed_loop(
    answers: Answers, mix: str, seconds: float, *, chats: int = 5, users_per_chat: int = 4, seed: int = 1
) -> Outcome:
    """`chats` × `users_per_chat` users, each posting its next message once the last was answered."""
    api, outcome = answers.bot.api, Outcome()
    by_inbox = mix == "chat" and answers.bot.is_jinlin
    outcome.started = time.perf_counter()
    deadline = outcome.started + seconds

    async def user(chat: Json, number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        serial = 0
        while time.perf_counter() < deadline:
            serial += 1
            # A new neighbour each time in the request mix: one person's second ask is another thing.
            person = api.user(10_000 + number * 100_000 + (serial if mix == "requests" else 0), f"邻居{number}")
            text = request_text(chat["id"], rng) if mix == "requests" else rng.choice(CHAT_TEXTS)
            posted = time.perf_counter()
            try:
                at, card = await asyncio.wait_for(answers.post(chat, person, text, by_inbox=by_inbox), ANSWER_TIMEOUT)
            except TimeoutError:
                outcome.lost += 1
                continue
            outcome.answered.append(at - posted)
            outcome.ended = max(outcome.ended, at)
            if mix == "requests" and answers.bot.is_jinlin and not card:
                outcome.not_cards += 1

    groups = [api.group(g, f"楼群{i}") for i, g in enumerate(GROUPS[:chats])]
    before = len(api.sent("sendMessage"))
    await asyncio.gather(*(user(groups[n % chats], n) for n in range(chats * users_per_chat)))
    outcome.replies = len(api.sent("sendMessage")) - before
    return outcome


async def alone(answers: Answers, samples: int) -> Outcome:
    """One request at a time (a message for the echo bots): the latency of one update, unloaded."""
    api, outcome, rng = answers.bot.api, Outcome(), random.Random(7)
    group = api.group(GROUPS[0], "楼群0")
    outcome.started = time.perf_counter()
    for n in range(samples):
        person = api.user(900_000 + n, "独自")
        posted = time.perf_counter()
        try:
            asked = answers.post(group, person, request_text(GROUPS[0], rng), by_inbox=False)
            at, _ = await asyncio.wait_for(asked, 10)
        except TimeoutError:
            outcome.lost += 1
            continue
        outcome.answered.append(at - posted)
        outcome.ended = at
        await asyncio.sleep(0.05)  # let the bot's after-work (its log, the commit's tail) finish
    return outcome


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


async def wait(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True


def cards(api: FakeBotApi, chat_ids: list[int]) -> list[RecordedCall]:
    wanted = set(chat_ids)
    return [c for c in api.sent("sendMessage") if c.params.get("chat_id") in wanted and c.params.get("reply_markup")]
