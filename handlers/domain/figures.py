"""The secretary's figures, computed from the request records (一事一记)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from handlers.domain.request import Request, Status

PERIODS = ("today", "week", "month", "all")


@dataclass(frozen=True, slots=True)
class Report:
    period: str
    since: str | None
    total: int
    open: int
    claimed: int
    done: int
    cancelled: int
    expired: int
    median_seconds_to_claim: float | None
    median_seconds_to_done: float | None
    by_building: dict[str, int]
    by_category: dict[str, int]

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def period_start(period: str, now: datetime, tz: ZoneInfo) -> datetime | None:
    """Local calendar boundaries: today since midnight, week since Monday, month since the 1st."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")
    local = now.astimezone(tz)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "today":
        return midnight
    if period == "week":
        return midnight - timedelta(days=midnight.weekday())
    if period == "month":
        return midnight.replace(day=1)
    return None


def build_report(
    requests: Iterable[Request], period: str, since: datetime | None, communities: Collection[str] | None = None
) -> Report:
    chosen = [
        r
        for r in requests
        if (since is None or r.posted_at >= since) and (communities is None or r.community in communities)
    ]
    statuses = Counter(r.status for r in chosen)
    to_claim = [(r.claimed_at - r.posted_at).total_seconds() for r in chosen if r.claimed_at is not None]
    to_done = [
        (r.closed_at - r.posted_at).total_seconds()
        for r in chosen
        if r.status is Status.DONE and r.closed_at is not None
    ]
    return Report(
        period=period,
        since=since.isoformat() if since else None,
        total=len(chosen),
        open=statuses[Status.OPEN],
        claimed=statuses[Status.CLAIMED],
        done=statuses[Status.DONE],
        cancelled=statuses[Status.CANCELLED],
        expired=statuses[Status.EXPIRED],
        median_seconds_to_claim=float(median(to_claim)) if to_claim else None,
        median_seconds_to_done=float(median(to_done)) if to_done else None,
        by_building=dict(Counter(r.building or "?" for r in chosen).most_common()),
        by_category=dict(Counter(r.category for r in chosen).most_common()),
    )
