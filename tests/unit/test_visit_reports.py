"""The visit rosters in `/report` (a counted section, text and JSON) and in the export's visits sheet."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.render import HtmlRenderer
from handlers.domain import Report
from handlers.domain.figures import Visits
from handlers.domain.report_args import Period, ReportQuery
from handlers.domain.visits import VisitAction, VisitFigures, answer_button
from handlers.reports.export import tables
from handlers.reports.figures import read_query
from handlers.rounds import sweep_rounds
from tests.unit.core_helpers import COMMUNITY, OTHER_SECRETARY, SECRETARY, World

CARER = 3001
RESIDENT = "张奶奶"
NOTE = "膝盖疼,周末去社区医院"


async def _visited_week() -> World:
    """One resident on 198's roster: reminded, contacted by the carer, who adds a note by replying."""
    w = World()
    await w.volunteer(CARER, "198 陪护")
    await w.say(SECRETARY, "/start", private=True)
    added = await w.say(SECRETARY, f"/roster add 198 {CARER} {RESIDENT} 独居 3/5", private=True)
    entry_id = added.detail["id"]
    assert isinstance(entry_id, int)
    await sweep_rounds(w.ctx, w.factory)
    reminder_id = w.store.visit_events[-1][0]
    tapped = answer_button(entry_id, reminder_id, VisitAction.CONTACTED)
    assert (await w.core.handle(w.button(CARER, tapped, chat=CARER, message_id=777))).name == "visit_answered"
    assert (await w.say(CARER, NOTE, private=True, reply_to=777)).name == "visit_noted"
    w.clock.advance(timedelta(minutes=5))  # the period runs up to now, exclusive
    return w


async def test_the_report_counts_the_periods_visits_of_the_secretarys_communities() -> None:
    w = await _visited_week()

    mine = await w.say(SECRETARY, "/report", private=True)
    theirs = await w.say(OTHER_SECRETARY, "/report", private=True)
    one_building = await w.say(SECRETARY, "/report building 198", private=True)

    assert mine.detail["visits"] == {
        "on_roster": 1, "contacts_due": 1, "contacts_done": 1, "visits_due": 0, "visits_done": 0,
        "visits_overdue": 0, "help_requests": 0,
    }  # fmt: skip
    assert theirs.detail["visits"] == VisitFigures().as_json(), "another community's roster is not theirs"
    assert "visits" not in one_building.detail, "rosters are counted per community, not per building"


async def test_the_export_lists_every_visit_event_with_the_resident_and_the_carer() -> None:
    w = await _visited_week()
    query = read_query(w.ctx, ["month"], [COMMUNITY])
    assert isinstance(query, ReportQuery)
    async with w.factory() as uow:
        [*_, visits] = await tables(w.ctx, uow, query, [COMMUNITY])
        [*_, elsewhere] = await tables(w.ctx, uow, query, ["东坪社区"])

    assert visits.name == "visits" and not elsewhere.rows
    column = {name: i for i, name in enumerate(visits.columns)}
    assert "need" not in column
    rows = [(r[column["resident"]], r[column["building"]], r[column["carer"]], r[column["type"]],
             r[column["note"]]) for r in visits.rows]  # fmt: skip
    assert rows == [
        (RESIDENT, "198", f"u{CARER}", "added", None),
        (RESIDENT, "198", f"u{CARER}", "reminded_contact", None),
        (RESIDENT, "198", f"u{CARER}", "contacted", None),
        (RESIDENT, "198", f"u{CARER}", "note", NOTE),
    ]
    assert all(isinstance(r[column["at"]], str) for r in visits.rows)


def _report(figures: VisitFigures) -> Report:
    return Report(ReportQuery(Period("week", None, None)), (COMMUNITY,), (Visits(figures),))


@pytest.mark.parametrize(
    ("locale", "roster", "overdue"), [("zh", "走访名单:2 人 · 上门 2/3 次", "逾期上门 1 次"),
                                      ("en", "Visit roster: 2 residents · visited 2 of 3", "overdue visits 1")],
)  # fmt: skip
def test_the_report_text_shows_the_visits_in_both_languages(locale: str, roster: str, overdue: str) -> None:
    renderer = HtmlRenderer(locale, ZoneInfo("Asia/Shanghai"), "120", "jinlin_bot")
    text = renderer.report(_report(VisitFigures(on_roster=2, visits_due=3, visits_done=2, visits_overdue=1)))

    assert roster in text and overdue in text
    assert roster.split(":")[0] not in renderer.report(_report(VisitFigures())), "no roster: no lines"
