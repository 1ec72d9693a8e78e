"""A real restart in the middle of the ladder: the bot is stopped before the compound ring is due,
the due time passes while nothing runs, and a new bot on the same database fires it exactly once.

Real time passes here (a restart cannot be faked), so the ladder runs on second-long timers.
The clock the bot reads is the real clock shifted to a working afternoon in Shanghai, so that
nobody is in quiet hours whenever the suite runs.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.bootstrap import App, build, running
from bot.clock import ShiftedClock
from bot.config import parse_config
from bot.demo import afternoon
from bot.fakeapi import FakeBotApi, Json
from handlers.domain import EventType, Ring
from handlers.intake.buttons import Verb
from storage.engine import create_engine
from storage.tables import CallRow, EventRow, OutboxRow, RequestRow
from tests.e2e.harness import GROUP, SECRETARY, e2e_config
from tests.e2e.harness import settle as settle_both

pytestmark = pytest.mark.asyncio

FRAMEWORKS = ["aiogram", "ptb"]
NEIGHBOURS = -1001002
REQUESTER = 301
# Home building of the request (called at posting), the rest of its compound (called by the
# ladder's compound step), and the next compound (the community step, which must not come).
BUILDING = {201: "陈阿姨"}
COMPOUND = {202: "老王", 203: "小李"}
COMMUNITY = {204: "赵师傅"}
VOLUNTEERS = {201: "198 跑腿", 202: "196 跑腿 搬运", 203: "197 跑腿", 204: "2 跑腿"}
COMPOUND_AFTER = 2.0  # seconds
QUILT = "要下雨啦,198号楼谁家有人在,请帮我收下被子!"


def config(api: FakeBotApi, db: Path, framework: str) -> dict[str, Any]:
    return e2e_config(
        api.base_url, f"sqlite+aiosqlite:///{db}", framework,
        compound_after=f"{COMPOUND_AFTER:g}s", community_after="30s", secretaries_after="40s",
        follow_up_after="45s", overdue_after="50s", expire_after="60s", urgent_factor=1,
    )


async def start_bot(api: FakeBotApi, db: Path, framework: str, clock: ShiftedClock) -> App:
    """A whole new bot process: its own transport, sender, scheduler and engine."""
    return await build(parse_config(config(api, db, framework)), api.token, clock=clock)


async def settle(api: FakeBotApi, app: App) -> None:
    await settle_both(api, app)


def card_of(api: FakeBotApi, posted: Json) -> Json | None:
    for message in api.messages_in(GROUP):
        replied = message.get("reply_to_message") or {}
        if replied.get("message_id") == posted["message_id"] and message.get("reply_markup"):
            return message
    return None


def buttons(params: Json) -> list[str]:
    markup = params.get("reply_markup") or {}
    if isinstance(markup, str):
        markup = json.loads(markup)
    return [b.get("callback_data", "") for row in markup.get("inline_keyboard", []) for b in row]


def calls_to(api: FakeBotApi, user_id: int) -> list[str]:
    """The private calls (messages with a claim button) the bot sent to a volunteer."""
    return [
        str(c.params.get("text", ""))
        for c in api.sent("sendMessage", user_id)
        if any(data.startswith(f"{Verb.CLAIM.value}:") for data in buttons(c.params))
    ]


class Db:
    """Reads the database file directly, as an operator would: no bot involved."""

    def __init__(self, path: Path) -> None:
        self.engine = create_engine(f"sqlite+aiosqlite:///{path}")

    async def scalar(self, stmt: Any) -> Any:
        async with self.engine.connect() as connection:
            return await connection.scalar(stmt)

    async def request_id(self) -> int:
        found = await self.scalar(select(RequestRow.id).where(RequestRow.chat_id == GROUP))
        assert found is not None
        return int(found)

    async def escalations(self, request_id: int) -> list[dict[str, Any]]:
        """Each ESCALATED event's detail, plus "after": its time in seconds since the posting."""
        async with self.engine.connect() as connection:
            rows = await connection.execute(
                select(EventRow.detail, EventRow.at, RequestRow.posted_at)
                .join(RequestRow, RequestRow.id == EventRow.request_id)
                .where(EventRow.request_id == request_id, EventRow.type == EventType.ESCALATED)
            )
            return [{**detail, "after": (at - posted).total_seconds()} for detail, at, posted in rows]

    async def snapshot(self, request_id: int) -> tuple[int, ...]:
        """Counts that any repeated step would change."""
        counts = []
        for table in (EventRow, CallRow, OutboxRow):
            where = table.request_id == request_id
            counts.append(await self.scalar(select(func.count()).select_from(table).where(where)))
        row = await self.scalar(select(RequestRow.ring).where(RequestRow.id == request_id))
        return (*counts, row)


async def until(predicate: Callable[[], object], what: str, timeout: float = 8.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.05)


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_compound_ring_fires_once_across_a_restart(tmp_path: Path, framework: str) -> None:
    db_path = tmp_path / "jinlin.db"
    clock = ShiftedClock(afternoon(ZoneInfo("Asia/Shanghai")))  # one clock: both runs share its time
    db = Db(db_path)
    async with FakeBotApi(token="7000000002:RESTART") as api:
        group = api.group(GROUP, "图强小区邻里群")
        users = {uid: api.user(uid, name) for uid, name in {**BUILDING, **COMPOUND, **COMMUNITY}.items()}
        requester = api.user(REQUESTER, "张奶奶")

        # --- the first run: volunteers register, a request is posted, the bot stops ------------
        first = await start_bot(api, db_path, framework, clock)
        async with running(first):
            for uid, args in VOLUNTEERS.items():
                api.post(api.private(users[uid]), users[uid], f"/volunteer {args}")
            await settle(api, first)
            posted = api.post(group, requester, QUILT)
            posted_at = time.monotonic()
            await api.wait_for(lambda: card_of(api, posted) and calls_to(api, 201), timeout=COMPOUND_AFTER)
            request_id = await db.request_id()
            assert not calls_to(api, 202), "only the building ring is called at posting"
        stopped_after = time.monotonic() - posted_at
        # The point of the test: the compound step comes due while no bot runs (the first one
        # stops in well under a second; if it was too slow to stop, this test proves nothing).
        assert await db.escalations(request_id) == [], f"the first bot escalated: it took {stopped_after:.2f}s to stop"

        await asyncio.sleep(COMPOUND_AFTER + 0.5 - (time.monotonic() - posted_at))
        assert await db.escalations(request_id) == [], "nothing runs, nothing escalates"
        before_restart = len(api.sent())

        # --- the second run: a new process on the same database ----------------------------
        second = await start_bot(api, db_path, framework, clock)
        async with running(second):
            await until(lambda: calls_to(api, 202) and calls_to(api, 203), "compound volunteers were not called")
            await settle(api, second)
            escalated = await db.escalations(request_id)
            assert len(escalated) == 1, escalated
            assert escalated[0]["ring"] == int(Ring.COMPOUND)
            assert sorted(escalated[0]["called"]) == sorted(COMPOUND)
            # Taken at the first sweep after the restart: the due time was kept, not started over.
            assert escalated[0]["after"] < 2 * COMPOUND_AFTER, escalated
            card = card_of(api, posted)
            assert card is not None
            assert all(name in card["text"] for name in COMPOUND.values()), card["text"]
            assert len(api.sent("editMessageText", GROUP)) == 1
            settled = await db.snapshot(request_id)

            # A few more sweeps (0.2 s apart) find nothing due: no step is replayed.
            await asyncio.sleep(0.8)
            await settle(api, second)
            assert await db.snapshot(request_id) == settled

        for uid in COMPOUND:
            assert len(calls_to(api, uid)) == 1, f"volunteer {uid} called {len(calls_to(api, uid))} times"
        assert len(calls_to(api, 201)) == 1  # the building's volunteer, at posting, not again
        assert calls_to(api, 204) == []  # the community step is 30 s away
        assert api.sent("sendMessage", SECRETARY) == []
        # The second run sent exactly: two private calls and one card edit.
        after = [(c.method, c.params.get("chat_id")) for c in api.sent()[before_restart:]
                 if c.method in ("sendMessage", "editMessageText")]
        assert sorted(after, key=str) == sorted(
            [("sendMessage", 202), ("sendMessage", 203), ("editMessageText", GROUP)], key=str
        )
    await db.engine.dispose()
