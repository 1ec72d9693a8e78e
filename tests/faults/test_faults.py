"""The fault suite (`make faults`): several `jinlin run` worker processes on one PostgreSQL database
against the fake Bot API, on both frameworks. Each scenario prints its figures (the README's).

- 50 claims at once from 50 users over 4 workers (webhook, so the presses land on all four): 1 winner.
- kill -9 of the elected sender, then of the poller, during a 30-request burst: the others carry
  on and the dead worker is restarted; every request has exactly one row and one card, every
  ladder timer fired once.
- every update delivered twice (polling and webhook): no duplicate row, card, claim or answer.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from bot.fakeapi import FakeBotApi, Json
from tests.e2e.test_webhook import free_port
from tests.faults.fleet import GROUPS, Fleet, ask, cards_per_request, pg_database, rows_per_request

pytestmark = [pytest.mark.asyncio, pytest.mark.faults, pytest.mark.parametrize("framework", ["aiogram", "ptb"])]
__all__ = ["pg_database"]  # the fixture, used by name


def report(capsys: pytest.CaptureFixture[str], figures: str) -> None:
    with capsys.disabled():  # the figures show in `make faults` too
        print("\n" + figures)


def claim_button(card: Json) -> str:
    markup = card.get("reply_markup") or {}
    return str(markup["inline_keyboard"][0][0]["callback_data"])


async def test_50_simultaneous_claims_over_4_workers_have_one_winner(
    framework: str, tmp_path: Path, pg_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    async with FakeBotApi() as api, Fleet(api, framework, tmp_path, pg_database, webhook_port=free_port()) as fleet:
        posted: list[Json] = []
        ask(api, posted)
        await api.wait_for(lambda: cards_per_request(api, posted) == [1], timeout=20)
        [card] = [m for m in api.messages_in(GROUPS[0]) if m.get("reply_markup")]
        claim = claim_button(card)
        started = time.monotonic()
        for n in range(50):
            api.press(api.group(GROUPS[0], "群0"), api.user(7000 + n, f"志愿者{n}"), card["message_id"], claim)
        await api.wait_for(lambda: len(api.sent("answerCallbackQuery")) >= 50, timeout=45)
        took = time.monotonic() - started
        await api.wait_idle(quiet=1.0, timeout=20)
        handled_by = await fleet.sql("SELECT count(DISTINCT leased_by) AS n FROM inbox WHERE kind = 'press'")
        winners = await fleet.sql("SELECT user_id FROM claims WHERE status = 'active'")
        answers = len(api.sent("answerCallbackQuery"))
        report(capsys, f"faults claims ({framework}): 50 presses over {fleet.workers} workers "
               f"({handled_by[0]['n']} took part), {len(winners)} winner, {answers} answered, {took:.1f}s")
        assert len(winners) == 1 and answers == 50
        assert handled_by[0]["n"] > 1, "the presses were spread over several workers"


async def test_kill_9_of_the_sender_then_the_poller_during_a_burst_loses_nothing(
    framework: str, tmp_path: Path, pg_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    posted: list[Json] = []
    async with FakeBotApi() as api, Fleet(api, framework, tmp_path, pg_database, ladder="5s") as fleet:
        takeovers: list[float] = []
        for leader in ("outbox sender", "poller", None):
            for _ in range(10):
                ask(api, posted)
            if leader is None:
                break
            # The kill lands as the last cards arrive, while the calls to volunteers are still
            # going out: a card answered but not yet recorded is settled by the next sender
            # (bot/delivery_settle.py), not posted twice.
            await api.wait_for(lambda: all(cards_per_request(api, posted)), timeout=30)
            _, seconds = await fleet.kill_leader(leader)
            takeovers.append(seconds)
        await api.wait_for(lambda: all(cards_per_request(api, posted)), timeout=40)
        # Each request's first ladder timer (5 s) fires once, whichever worker sweeps it.
        query = "SELECT request_id, count(*) AS n FROM events WHERE type = 'escalated' GROUP BY request_id"
        for _ in range(60):
            if len(await fleet.sql(query)) >= len(posted):
                break
            await asyncio.sleep(0.5)
        await asyncio.sleep(2)  # a second firing would come now
        await api.wait_idle(quiet=1.0, timeout=20)
        fired = [r["n"] for r in await fleet.sql(query)]
        assumed = await fleet.sql("SELECT count(*) AS n FROM outbox WHERE error LIKE 'assumed delivered%'")
        cards, rows = cards_per_request(api, posted), await rows_per_request(fleet, posted)
        twice, missing, doubled = sum(c > 1 for c in cards), sum(c == 0 for c in cards), sum(n > 1 for n in fired)
        report(capsys, f"faults kill -9 ({framework}): {fleet.kills} kills (sender, poller), {len(posted)} requests, "
               f"{sum(r == 0 for r in rows)} lost, {twice} cards twice, {missing} without a card, "
               f"timers {len(fired)} fired / {doubled} twice, takeover {max(takeovers):.1f}s at most, "
               f"{assumed[0]['n']} messages under way at a kill settled as delivered")
        assert rows == [1] * len(posted) and cards == [1] * len(posted)
        assert fired == [1] * len(posted)
        assert max(takeovers) < 5


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_every_update_delivered_twice_duplicates_nothing(
    framework: str, mode: str, tmp_path: Path, pg_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port() if mode == "webhook" else None
    async with FakeBotApi() as api, Fleet(api, framework, tmp_path, pg_database, webhook_port=port) as fleet:
        api.repeat_updates = True
        posted: list[Json] = []
        for _ in range(20):
            ask(api, posted)
        await api.wait_for(lambda: all(cards_per_request(api, posted)), timeout=30)
        cards = [m for chat in GROUPS for m in api.messages_in(chat) if m.get("reply_markup")]
        for n, card in enumerate(cards[:10]):
            chat = card["chat"]
            api.press(api.group(chat["id"], chat.get("title", "")), api.user(7000 + n, f"志愿者{n}"),
                      card["message_id"], claim_button(card))  # fmt: skip
        await api.wait_for(lambda: len(api.sent("answerCallbackQuery")) >= 10, timeout=30)
        await api.wait_idle(quiet=1.5, timeout=30)
        delivered = await fleet.sql("SELECT count(*) AS n FROM inbox")
        claims = await fleet.sql("SELECT request_id, count(*) AS n FROM claims GROUP BY request_id")
        cards_now, rows = cards_per_request(api, posted), await rows_per_request(fleet, posted)
        answers = len(api.sent("answerCallbackQuery"))
        odd_rows, odd_cards = sum(r != 1 for r in rows), sum(c != 1 for c in cards_now)
        report(capsys, f"faults twice ({framework}, {mode}): {len(posted)} requests + 10 presses, each delivered "
               f"twice; {delivered[0]['n']} stored, {odd_rows} rows and {odd_cards} cards not exactly one, "
               f"{sum(c['n'] > 1 for c in claims)} double claims, {answers} answers")
        assert rows == [1] * 20 and cards_now == [1] * 20
        assert sorted(c["n"] for c in claims) == [1] * 10 and answers == 10
        assert delivered[0]["n"] == 30  # one row per update, however often it came
