"""`/report`, `/report chart` and `/export` through Core.handle over the fakes, and the CLI's commands."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers.chat import SendFile
from handlers.commands import ComputeExport, ComputeReport
from handlers.intake.buttons import Verb
from handlers.table import execute
from tests.unit.core_helpers import (
    CHAT,
    COMMUNITY,
    FAR_CHAT,
    NEIGHBOUR,
    OTHER_COMMUNITY,
    OTHER_SECRETARY,
    SECRETARY,
    World,
    key_of,
)

HELPER, OTHER_HELPER = 3001, 3002


async def busy_week() -> World:
    """Three requests in 198 (two done by HELPER, one still open) and one done by OTHER_HELPER in 197."""
    w = World()
    await w.volunteer(HELPER, "198 电工")
    await w.volunteer(OTHER_HELPER, "197 电工")
    for text, who in [("198号楼谁能帮我修下水管", HELPER), ("198号楼灯不亮了,谁懂电", HELPER),
                      ("197号楼能不能帮我修一下门锁", OTHER_HELPER)]:
        request = await w.post(text)
        w.clock.advance(timedelta(minutes=10))
        assert (await w.press(who, Verb.CLAIM, request.id)).name == "claimed"
        w.clock.advance(timedelta(minutes=20))
        assert (await w.press(who, Verb.DONE, request.id)).name == "done"
    await w.post("198号楼有人能帮我搬下柜子吗", sender=NEIGHBOUR)
    await w.say(NEIGHBOUR, "1号楼谁能帮我取个快递", chat=FAR_CHAT)  # another community: never counted
    return w


async def test_the_report_holds_totals_medians_breakdowns_helpers_and_the_oldest_open() -> None:
    w = await busy_week()

    outcome = await w.say(SECRETARY, "/report", private=True)

    assert outcome.name == "reported"
    d = outcome.detail
    assert d["requests"] == {
        "total": 4, "open": 1, "claimed": 0, "done": 3, "cancelled": 0, "expired": 0, "escalated": 0,
        "to_secretaries": 0, "resolved_rate": 0.75, "median_seconds_to_claim": 600.0, "median_seconds_to_done": 1800.0,
    }  # fmt: skip
    assert d["by_building"] == [{"key": "198", "total": 3, "done": 2}, {"key": "197", "total": 1, "done": 1}]
    assert d["by_category"] == [{"key": "repair", "total": 3, "done": 3}, {"key": "moving", "total": 1, "done": 0}]
    assert d["helpers"] == [{"name": f"u{HELPER}", "done": 2}, {"name": f"u{OTHER_HELPER}", "done": 1}]
    oldest = d["oldest_open"]
    assert isinstance(oldest, list) and [(w["building"], w["status"]) for w in oldest] == [("198", "open")]
    assert d["communities"] == [COMMUNITY]


async def test_in_a_group_the_report_names_no_volunteers() -> None:
    w = await busy_week()

    outcome = await w.say(SECRETARY, "/report week")

    assert "helpers" not in outcome.detail
    assert w.pending()[-1].text == "report|week|total=4|done=3|open=1"


@pytest.mark.parametrize(
    ("words", "total", "done"),
    [("building 198", 3, 2), ("197号楼", 1, 1), ("repair", 3, 3), ("moving 198", 1, 0), ("2025-05", 0, 0)],
)
async def test_a_building_a_category_or_a_period_narrows_the_figures(words: str, total: int, done: int) -> None:
    w = await busy_week()

    outcome = await w.say(SECRETARY, f"/report {words}", private=True)

    totals = outcome.detail["requests"]
    assert isinstance(totals, dict) and (totals["total"], totals["done"]) == (total, done)


@pytest.mark.parametrize(
    ("text", "key"),
    [("/report building 1", "report_bad_no_such_building"), ("/report soon", "report_bad_unknown"),
     ("/export week month", "report_bad_twice")],
)
async def test_bad_words_get_the_reason_and_the_usage(text: str, key: str) -> None:
    w = World()

    outcome = await w.say(SECRETARY, text, private=True)  # building 1 is the other community's

    assert outcome.name == "usage"
    [reply] = w.pending()
    assert key_of(reply) == key
    assert ("report_usage" if text.startswith("/report") else "export_usage") in (reply.text or "")


async def test_charts_are_sent_as_photos_where_asked() -> None:
    w = await busy_week()
    mark = w.mark()

    outcome = await w.say(SECRETARY, "/report chart")

    assert outcome.name == "charted"
    photos = [a for a in w.since(mark) if isinstance(a, SendFile)]
    assert [(p.chat_id, p.photo, p.file.name) for p in photos] == [
        (CHAT, True, "chart-daily.png"), (CHAT, True, "chart-c.png"), (CHAT, True, "chart-b.png"),
    ]
    assert photos[0].file.data == b"daily|days=1|posted=4"  # the week so far: Monday


async def test_an_export_goes_privately_to_the_secretary_even_when_asked_in_the_group() -> None:
    w = await busy_week()
    assert (await w.say(SECRETARY, "/start", private=True)).name == "welcome"
    mark = w.mark()

    outcome = await w.say(SECRETARY, "/export")

    assert outcome.name == "exported"
    files = [a for a in w.since(mark) if isinstance(a, SendFile)]
    assert [(f.chat_id, f.photo) for f in files] == [(SECRETARY, False), (SECRETARY, False)]
    assert [f.file.name for f in files] == ["jinlin-20250601-20250602.xlsx", "jinlin-20250601-20250602-csv.zip"]
    ours = {r.id for r in w.requests() if r.community == COMMUNITY}
    events = sum(e.request_id in ours for e in w.events())
    assert files[0].file.data == f"requests=4;events={events};concerns=0;visits=0".encode()
    assert key_of(w.since(mark)[-1]) == "desk_sent_privately"


async def test_an_export_in_the_group_waits_for_a_private_chat_and_refuses_others() -> None:
    w = await busy_week()
    mark = w.mark()

    held = await w.say(SECRETARY, "/export")
    assert held.name == "export_start_first" and held.answer == "text|desk_start_first|"  # the desk's one text
    assert (await w.say(NEIGHBOUR, "/export", private=True)).name == "export_refused"
    assert (await w.say(OTHER_SECRETARY, "/export")).name == "export_refused"  # not this group's community
    assert not [a for a in w.since(mark) if isinstance(a, SendFile)]


async def test_a_secretary_exports_only_their_own_communities() -> None:
    w = await busy_week()

    outcome = await w.say(OTHER_SECRETARY, "/export month", private=True)

    assert outcome.detail["rows"] == {"requests": 1, "events": 1, "concerns": 0, "visits": 0}


async def test_the_cli_commands_take_the_same_words_over_every_community() -> None:
    w = await busy_week()
    async with w.factory() as uow:
        report = await execute(w.ctx, uow, ComputeReport(("month", "repair")))
        every = await execute(w.ctx, uow, ComputeReport(()))
        export = await execute(w.ctx, uow, ComputeExport(("all",), (OTHER_COMMUNITY,)))
        bad = await execute(w.ctx, uow, ComputeReport(("nonsense",)))

    assert report.detail["requests"]["total"] == 3  # type: ignore[index]
    assert every.detail["communities"] == [COMMUNITY, OTHER_COMMUNITY]
    assert every.detail["requests"]["total"] == 5  # type: ignore[index]
    assert next(f.name for f in export.files).startswith("jinlin-all-")
    assert export.files[0].data == b"requests=1;events=1;concerns=0;visits=0"
    assert (bad.name, bad.detail["error"]) == ("usage", "unknown")


async def test_an_export_too_big_for_one_file_asks_for_a_shorter_period(monkeypatch: pytest.MonkeyPatch) -> None:
    from handlers.reports import export

    w = await busy_week()
    monkeypatch.setattr(export, "MAX_REQUESTS", 3)
    mark = w.mark()

    outcome = await w.say(SECRETARY, "/export all", private=True)

    assert outcome.name == "export_too_big"
    assert not [a for a in w.since(mark) if isinstance(a, SendFile)]
