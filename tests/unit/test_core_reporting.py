"""What `/report …` words mean (periods, buildings, categories, in any order and either language),
and the charts' days folded from hourly buckets."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.domain.figures import DayCount, HourCount, per_day
from handlers.domain.report_args import BadArgs, Period, ReportQuery, named_period, parse_report_args

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Tuesday 3 June 2025, 01:00 in Shanghai — still Monday 2 June in UTC.
NOW = datetime(2025, 6, 2, 17, 0, tzinfo=UTC)
BUILDINGS = {"196", "197", "198", "B"}
CATEGORY_NAMES = {"repair": "repair", "维修": "repair", "laundry": "laundry"}


def parse(text: str) -> ReportQuery | BadArgs:
    return parse_report_args(
        text.split(), NOW, SHANGHAI, buildings=BUILDINGS, category_of=lambda w: CATEGORY_NAMES.get(w.lower())
    )


def local(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("period", "since", "until"),
    [
        ("today", local(2025, 6, 3), None),
        ("yesterday", local(2025, 6, 2), local(2025, 6, 3)),
        ("week", local(2025, 6, 2), None),  # Monday
        ("month", local(2025, 6, 1), None),
        ("all", None, None),
    ],
)
def test_named_periods_start_at_local_calendar_boundaries(
    period: str, since: datetime | None, until: datetime | None
) -> None:
    assert named_period(period, NOW, SHANGHAI) == Period(period, since, until)


@pytest.mark.parametrize(
    ("text", "key", "since", "until"),
    [
        ("", "week", local(2025, 6, 2), None),
        ("本月", "month", local(2025, 6, 1), None),
        ("今天", "today", local(2025, 6, 3), None),
        ("全部", "all", None, None),
        ("2025-05", "2025-05", local(2025, 5, 1), local(2025, 6, 1)),
        ("2024-12", "2024-12", local(2024, 12, 1), local(2025, 1, 1)),
        ("2025-05-20", "2025-05-20", local(2025, 5, 20), local(2025, 5, 21)),
        ("2025-05-01..2025-05-15", "2025-05-01..2025-05-15", local(2025, 5, 1), local(2025, 5, 16)),
        ("2025-03..2025-05", "2025-03..2025-05", local(2025, 3, 1), local(2025, 6, 1)),
        ("2025-05-01~2025-05-02", "2025-05-01..2025-05-02", local(2025, 5, 1), local(2025, 5, 3)),
    ],
)
def test_periods_months_days_and_ranges(text: str, key: str, since: datetime | None, until: datetime | None) -> None:
    query = parse(text)
    assert isinstance(query, ReportQuery)
    assert query.period == Period(key, since, until)


@pytest.mark.parametrize(
    "text",
    ["2025-05 building 198 repair", "repair 2025-05 building 198", "198号楼 维修 2025-05", "building 198 2025-05 维修"],
)
def test_words_come_in_any_order_in_either_language(text: str) -> None:
    query = parse(text)
    assert isinstance(query, ReportQuery)
    assert (query.period.key, query.building, query.category, query.chart) == ("2025-05", "198", "repair", False)


def test_chart_and_a_bare_building_are_understood() -> None:
    assert parse("chart B month") == ReportQuery(named_period("month", NOW, SHANGHAI), "B", None, True)
    assert parse("图表 楼 197") == ReportQuery(named_period("week", NOW, SHANGHAI), "197", None, True)


@pytest.mark.parametrize(
    ("text", "reason", "word"),
    [
        ("fortnight", "unknown", "fortnight"),
        ("building", "building_missing", "building"),
        ("building 999", "no_such_building", "999"),
        ("999号楼", "no_such_building", "999"),
        ("2025-06-10..2025-06-01", "bad_range", "2025-06-10..2025-06-01"),
        ("2025-13", "unknown", "2025-13"),
        ("2025-02-30..2025-03-01", "bad_range", "2025-02-30..2025-03-01"),
        ("month today", "twice", "today"),
    ],
)
def test_bad_words_say_what_is_wrong(text: str, reason: str, word: str) -> None:
    assert parse(text) == BadArgs(reason, word)


def test_days_are_local_and_every_day_of_the_span_is_listed() -> None:
    hours = [
        HourCount(datetime(2025, 6, 1, 15, tzinfo=UTC), 2, 1),  # 23:00 on 1 June in Shanghai
        HourCount(datetime(2025, 6, 1, 16, tzinfo=UTC), 3, 3),  # 00:00 on 2 June
        HourCount(datetime(2025, 6, 3, 2, tzinfo=UTC), 1, 0),
    ]
    days = per_day(hours, SHANGHAI, local(2025, 6, 1), local(2025, 6, 5))
    assert days == [
        DayCount(date(2025, 6, 1), 2, 1),
        DayCount(date(2025, 6, 2), 3, 3),
        DayCount(date(2025, 6, 3), 1, 0),
        DayCount(date(2025, 6, 4), 0, 0),
    ]


def test_all_time_days_run_from_the_first_to_the_last_hour_seen() -> None:
    hours = [HourCount(datetime(2025, 6, 1, 1, tzinfo=UTC), 1, 1), HourCount(datetime(2025, 6, 3, 1, tzinfo=UTC), 1, 0)]
    assert [d.day.day for d in per_day(hours, SHANGHAI, None, None)] == [1, 2, 3]
    assert per_day([], SHANGHAI, None, None) == []
    assert len(per_day([], SHANGHAI, local(2025, 6, 1), local(2025, 6, 1) + timedelta(days=30))) == 30
