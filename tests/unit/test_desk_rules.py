"""The desk's pure rules: cadences and dues, /roster add's words, the grid's additions, /setup's
and the reminders' button data, and the renderer's roster and digest."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.render import HtmlRenderer
from handlers.domain import Community, Compound, Concern, Grid
from handlers.domain.bindings import AddedSecretary, ChatBinding, chat_for_building, merged
from handlers.domain.results import previous_month
from handlers.domain.roster_args import entry_number, parse_add
from handlers.domain.setup import SetupState, chosen, decode, encode
from handlers.domain.visits import (
    Cadence,
    Due,
    Need,
    RosterEntry,
    VisitAction,
    answer_button,
    answered,
    due_step,
    parse_answer_button,
    registered,
    standing,
    taken,
)

TZ = ZoneInfo("Asia/Shanghai")
CADENCE = Cadence(3, 5, time(9, 0), timedelta(days=1))
ADDED = datetime(2025, 6, 2, 14, 30, tzinfo=UTC)  # 22:30 in Shanghai


def _entry(**changes: object) -> RosterEntry:
    draft = RosterEntry(
        7, "社区", "小区", "198", "张奶奶 & co", Need.ELDERLY, 3001, "陈阿姨", 3, 5, 1001, ADDED, ADDED, ADDED,
    )
    return replace(registered(draft, CADENCE, TZ), **changes)  # type: ignore[arg-type]


def test_dues_fall_on_local_days_at_the_reminder_hour() -> None:
    entry = _entry()
    assert entry.contact_due_at == ADDED and entry.next_due_at == ADDED
    assert entry.visit_due_at == datetime(2025, 6, 7, 1, 0, tzinfo=UTC), "22:30 on the 2nd + 5 days: the 7th, 09:00"
    assert due_step(entry, ADDED, CADENCE) is Due.CONTACT
    reminded = taken(entry, Due.CONTACT, ADDED, CADENCE)
    assert due_step(reminded, ADDED, CADENCE) is None and reminded.next_due_at == entry.visit_due_at


def test_a_visit_resets_both_dues_and_a_contact_only_its_own() -> None:
    entry = taken(taken(_entry(), Due.CONTACT, ADDED, CADENCE), Due.VISIT, ADDED + timedelta(days=6), CADENCE)
    at = datetime(2025, 6, 9, 3, 0, tzinfo=UTC)
    contacted = answered(entry, VisitAction.CONTACTED, at, CADENCE, TZ)
    assert contacted.visit_reminded and contacted.visit_due_at == entry.visit_due_at
    assert contacted.contact_due_at == datetime(2025, 6, 12, 1, 0, tzinfo=UTC)
    visited = answered(entry, VisitAction.VISITED, at, CADENCE, TZ)
    assert not visited.visit_reminded and not visited.overdue_told
    assert visited.visit_due_at == datetime(2025, 6, 14, 1, 0, tzinfo=UTC)
    assert visited.next_due_at == visited.contact_due_at


def test_overdue_comes_after_the_grace_and_an_entry_off_the_roster_has_no_timer() -> None:
    entry = taken(taken(_entry(), Due.CONTACT, ADDED, CADENCE), Due.VISIT, ADDED + timedelta(days=6), CADENCE)
    assert due_step(entry, entry.visit_due_at + timedelta(hours=23), CADENCE) is None
    assert due_step(entry, entry.visit_due_at + timedelta(days=1), CADENCE) is Due.OVERDUE
    assert standing(entry, entry.visit_due_at + timedelta(days=1), CADENCE, TZ).overdue
    off = taken(replace(entry, off_at=ADDED), Due.OVERDUE, ADDED, CADENCE)
    assert off.next_due_at is None and due_step(off, ADDED + timedelta(days=30), CADENCE) is None


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("198 @chen 张奶奶", ("198", "@chen", "张奶奶", Need.OTHER, None, None)),
        ("198号楼 3001 独居 张 奶奶 2/4", ("198", "3001", "张 奶奶", Need.ELDERLY, 2, 4)),
        ("B 3001 Mr Li disabled 1/1", ("B", "3001", "Mr Li", Need.DISABLED, 1, 1)),
    ],
)
def test_roster_add_words(words: str, expected: tuple[object, ...]) -> None:
    parsed = parse_add(tuple(words.split()))
    assert parsed is not None
    got = (parsed.building, parsed.carer, parsed.name, parsed.need, parsed.contact_every, parsed.visit_every)
    assert got == expected


@pytest.mark.parametrize(
    "words", ["198 3001", "198 3001 独居", "198 3001 张 5/3", "198 3001 张 0/3", "198 3001 张 3/99"]
)
def test_roster_add_refuses_what_says_no_name_or_a_wrong_cadence(words: str) -> None:
    assert parse_add(tuple(words.split())) is None


def test_entry_numbers() -> None:
    assert entry_number(("#12",)) == 12 and entry_number(("12",)) == 12
    assert entry_number(("x",)) is None and entry_number(("1", "2")) is None


COMPOUND = Compound("图强小区", "深田社区", ("196", "198"), (-1,))
GRID = Grid((Community("深田社区", (1001,), (COMPOUND,)),))


def test_the_grid_in_effect_adds_bindings_and_secretaries_and_config_wins() -> None:
    bindings = [
        ChatBinding(-2, "深田社区", "图强小区", ("198", "199"), 1001, ADDED),
        ChatBinding(-3, "深田社区", "新村", ("A",), 1001, ADDED),
        ChatBinding(-1, "深田社区", "新村", ("Z",), 1001, ADDED),  # listed in config: ignored
        ChatBinding(-4, "别的社区", "X", ("1",), 1001, ADDED),  # no such community: ignored
    ]
    grid = merged(GRID, bindings, [AddedSecretary("深田社区", 1002, 1001, ADDED)])
    [community] = grid.communities
    assert community.secretaries == (1001, 1002)
    tuqiang, xincun = community.compounds
    assert tuqiang.chats == (-1, -2) and tuqiang.buildings == ("196", "198", "199")
    assert (xincun.name, xincun.buildings, xincun.chats) == ("新村", ("A",), (-3,))
    assert grid.compound_of_chat(-4) is None
    assert chat_for_building(grid, bindings, "深田社区", "图强小区", "199") == -2
    assert chat_for_building(grid, bindings, "深田社区", "图强小区", "196") == -1


def test_setup_buttons_carry_their_state_and_refuse_forgeries() -> None:
    community = GRID.communities[0]
    state = SetupState(community, COMPOUND, 0b10)
    data = encode("d", state)
    assert len(data.encode()) <= 64 and decode(GRID, data) == ("d", state)
    assert chosen(state) == ("198",) and chosen(SetupState(community, COMPOUND, 0)) == ("196", "198")
    assert decode(GRID, encode("d", SetupState(community, COMPOUND, 0b100))) is None, "no third building"
    assert decode(GRID, "u:d:000000:000000:1") is None and decode(GRID, "u:b:zz") is None


def test_reminder_buttons() -> None:
    data = answer_button(12, 345, VisitAction.NEEDS_HELP)
    assert parse_answer_button(data) == (12, 345, VisitAction.NEEDS_HELP)
    assert parse_answer_button("k:1:2:z") is None and parse_answer_button("k:x:2:c") is None


def test_last_month_in_local_time() -> None:
    since, until = previous_month(datetime(2025, 6, 30, 17, 0, tzinfo=UTC), TZ)  # 1 July, 01:00 in Shanghai
    assert (since.month, since.day, until.month, until.day) == (6, 1, 7, 1)


@pytest.mark.parametrize("locale", ["zh", "en"])
def test_the_roster_and_digest_render_escaped_in_both_locales(locale: str) -> None:
    now = ADDED + timedelta(days=7)
    w = HtmlRenderer(locale, TZ, "120", clock=lambda: now)
    entry = taken(_entry(), Due.VISIT, now, CADENCE)
    listed = w.roster([standing(entry, now, CADENCE, TZ)])
    assert "张奶奶 &amp; co" in listed and "<b>" in listed and "06-02" in listed
    concern = Concern(-1, 2001, "电梯 <坏了>", "repair", "198", ADDED)
    digest = w.digest("深田社区", [], [concern], [standing(entry, now, CADENCE, TZ)])
    assert "&lt;坏了&gt;" in digest and "张奶奶 &amp; co" in digest
    assert w.roster([]) == w.text("roster_empty")
