"""What `/report …`, `/export …` and `jinlin report …` ask for: a period, a building, a category, charts.

Words come in any order, in English or Chinese: `/report 2025-06 building 198 repair`,
`/report 本月 198号楼 维修`. Periods are local calendar spans, [since, until).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# Each period word and the key it stands for; the keys are what reports and JSON call the period.
PERIOD_WORDS: dict[str, str] = {
    "today": "today", "今天": "today", "今日": "today",
    "yesterday": "yesterday", "昨天": "yesterday",
    "week": "week", "本周": "week", "这周": "week",
    "month": "month", "本月": "month", "这个月": "month",
    "all": "all", "全部": "all", "所有": "all",
}  # fmt: skip
PERIODS = ("today", "yesterday", "week", "month", "all", "YYYY-MM", "YYYY-MM-DD", "FROM..TO")
CHART_WORDS = frozenset({"chart", "charts", "图表", "图"})
BUILDING_WORDS = frozenset({"building", "bldg", "楼", "楼栋"})
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_RANGE = re.compile(r"^(.+?)(?:\.\.|~|至|到)(.+)$")
_BUILDING_SUFFIX = re.compile(r"^(.+?)(?:号楼|栋|幢)$")


@dataclass(frozen=True, slots=True)
class Period:
    key: str  # "month", "2025-06", "2025-06-01..2025-06-15"
    since: datetime | None  # None: from the beginning
    until: datetime | None  # exclusive; None: up to now


@dataclass(frozen=True, slots=True)
class ReportQuery:
    period: Period
    building: str | None = None
    category: str | None = None
    chart: bool = False


@dataclass(frozen=True, slots=True)
class BadArgs:
    """Why the words were refused: `reason` is a text key's suffix, `word` the word at fault."""

    reason: str  # "unknown" | "building_missing" | "no_such_building" | "bad_range" | "twice"
    word: str = ""


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _span(word: str) -> tuple[date, date] | None:
    """A month or a day as [first day, day after the last)."""
    try:
        if found := _DAY.match(word):
            day = date(*(int(g) for g in found.groups()))
            return day, day + timedelta(days=1)
        if found := _MONTH.match(word):
            first = date(int(found[1]), int(found[2]), 1)
            return first, _next_month(first)
    except ValueError:
        return None
    return None


def named_period(key: str, now: datetime, tz: ZoneInfo) -> Period:
    """today, yesterday, week (since Monday), month (since the 1st) or all: local calendar boundaries."""
    today = now.astimezone(tz).date()
    starts = {
        "today": today, "yesterday": today - timedelta(days=1),
        "week": today - timedelta(days=today.weekday()), "month": today.replace(day=1),
    }  # fmt: skip
    if key == "all":
        return Period("all", None, None)
    if key not in starts:
        raise ValueError(f"unknown period {key!r}")
    until = _midnight(today, tz) if key == "yesterday" else None
    return Period(key, _midnight(starts[key], tz), until)


def parse_period(word: str, now: datetime, tz: ZoneInfo) -> Period | BadArgs | None:
    """A period word, a month, a day or a range; None when the word is no period at all."""
    lowered = word.lower()
    if lowered in PERIOD_WORDS:
        return named_period(PERIOD_WORDS[lowered], now, tz)
    if span := _span(lowered):
        return Period(lowered, _midnight(span[0], tz), _midnight(span[1], tz))
    found = _RANGE.match(lowered)
    if found is None:
        return None
    first, last = _span(found[1]), _span(found[2])
    if first is None or last is None or last[1] <= first[0]:
        return BadArgs("bad_range", word)
    return Period(f"{found[1]}..{found[2]}", _midnight(first[0], tz), _midnight(last[1], tz))


def parse_report_args(
    words: Sequence[str],
    now: datetime,
    tz: ZoneInfo,
    *,
    buildings: Collection[str],
    category_of: Callable[[str], str | None],
    default: str = "week",
) -> ReportQuery | BadArgs:
    """`buildings`: those the asker may see; `category_of`: a category's key from its name in any locale."""
    period: Period | None = None
    building: str | None = None
    category: str | None = None
    chart = False
    rest = list(words)
    while rest:
        word = rest.pop(0)
        lowered = word.lower()
        if lowered in CHART_WORDS:
            chart = True
            continue
        suffixed = _BUILDING_SUFFIX.match(word)
        if lowered in BUILDING_WORDS or suffixed or word in buildings:
            if lowered in BUILDING_WORDS and not rest:
                return BadArgs("building_missing", word)
            named = rest.pop(0) if lowered in BUILDING_WORDS else suffixed[1] if suffixed else word
            if named not in buildings:
                return BadArgs("no_such_building", named)
            building = named
            continue
        found = parse_period(word, now, tz)
        if isinstance(found, BadArgs):
            return found
        if found is not None:
            if period is not None:
                return BadArgs("twice", word)
            period = found
            continue
        if (key := category_of(word)) is None:
            return BadArgs("unknown", word)
        category = key
    return ReportQuery(period or named_period(default, now, tz), building, category, chart)
