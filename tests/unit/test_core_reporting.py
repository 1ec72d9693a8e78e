"""The secretary's figures: build_report and period_start, computed from request records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.domain import Request, Status
from handlers.domain.figures import build_report, period_start
from tests.unit.core_helpers import COMMUNITY, OTHER_COMMUNITY

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Tuesday 3 June 2025, 01:00 in Shanghai — still Monday 2 June in UTC.
NOW = datetime(2025, 6, 2, 17, 0, tzinfo=UTC)


def req(
    request_id: int,
    posted: datetime,
    status: Status = Status.OPEN,
    *,
    claim_after: timedelta | None = None,
    close_after: timedelta | None = None,
    building: str | None = "198",
    category: str = "laundry",
    community: str = COMMUNITY,
) -> Request:
    return Request(
        id=request_id,
        chat_id=-1,
        message_id=request_id,
        requester_id=1,
        requester_name="r",
        text="t",
        category=category,
        building=building,
        compound="c",
        community=community,
        urgent=False,
        emergency=False,
        status=status,
        posted_at=posted,
        claimed_at=posted + claim_after if claim_after is not None else None,
        closed_at=posted + close_after if close_after is not None else None,
    )


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("today", datetime(2025, 6, 3, 0, 0, tzinfo=SHANGHAI)),
        ("week", datetime(2025, 6, 2, 0, 0, tzinfo=SHANGHAI)),  # Monday
        ("month", datetime(2025, 6, 1, 0, 0, tzinfo=SHANGHAI)),
        ("all", None),
    ],
)
def test_periods_start_at_local_calendar_boundaries(period: str, expected: datetime | None) -> None:
    assert period_start(period, NOW, SHANGHAI) == expected


def test_an_unknown_period_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown period"):
        period_start("fortnight", NOW, SHANGHAI)


def test_today_means_the_local_day_not_the_utc_day() -> None:
    since = period_start("today", NOW, SHANGHAI)
    late_yesterday = req(1, datetime(2025, 6, 2, 15, 30, tzinfo=UTC))  # 23:30 local on the 2nd
    just_after_midnight = req(2, datetime(2025, 6, 2, 16, 30, tzinfo=UTC))  # 00:30 local on the 3rd

    report = build_report([late_yesterday, just_after_midnight], "today", since)

    assert report.total == 1
    assert report.since == "2025-06-03T00:00:00+08:00"


def test_figures_count_statuses_medians_buildings_and_categories() -> None:
    t0 = datetime(2025, 6, 2, 1, 0, tzinfo=UTC)
    minute = timedelta(minutes=1)
    requests = [
        req(1, t0, Status.DONE, claim_after=2 * minute, close_after=30 * minute),
        req(2, t0, Status.DONE, claim_after=4 * minute, close_after=50 * minute, building="197"),
        req(3, t0, Status.DONE, claim_after=12 * minute, close_after=100 * minute, category="repair"),
        req(4, t0, Status.CLAIMED, claim_after=1 * minute, category="repair"),
        req(5, t0, Status.CANCELLED, close_after=5 * minute, building=None),
        req(6, t0, Status.EXPIRED, close_after=24 * 60 * minute),
        req(7, t0, Status.OPEN, building="197", category="errand"),
    ]

    report = build_report(requests, "all", None)

    assert (report.total, report.open, report.claimed, report.done, report.cancelled, report.expired) == (
        7, 1, 1, 3, 1, 1,
    )
    assert report.median_seconds_to_claim == 180.0  # of 1, 2, 4, 12 minutes
    assert report.median_seconds_to_done == 3000.0  # of the done ones only: 30, 50, 100 minutes
    assert report.by_building == {"198": 4, "197": 2, "?": 1}
    assert list(report.by_building) == ["198", "197", "?"]  # most first
    assert report.by_category == {"laundry": 4, "repair": 2, "errand": 1}


def test_a_report_with_nothing_in_it_has_no_medians() -> None:
    report = build_report([req(1, NOW, Status.OPEN)], "week", None)

    assert (report.median_seconds_to_claim, report.median_seconds_to_done) == (None, None)


def test_figures_keep_to_the_period_and_the_communities_asked_for() -> None:
    since = period_start("week", NOW, SHANGHAI)
    assert since is not None
    before = req(1, since - timedelta(seconds=1))
    mine = req(2, since)
    theirs = req(3, since + timedelta(hours=1), community=OTHER_COMMUNITY)

    report = build_report([before, mine, theirs], "week", since, [COMMUNITY])

    assert report.total == 1
    assert report.as_json()["total"] == 1
