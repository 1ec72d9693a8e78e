"""Published results (公示): a month's requests and the volunteers who agreed to be thanked by name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class Helper:
    user_id: int
    name: str
    done: int  # requests they helped finish in the period


@dataclass(frozen=True, slots=True)
class MonthResults:
    total: int
    done: int
    helpers: tuple[Helper, ...]  # only those who said `/volunteer name on`, most helpful first


def previous_month(now: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[the 1st of last month, the 1st of this month), local midnights."""
    first = now.astimezone(tz).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    before = (first - timedelta(days=1)).replace(day=1)
    return before, first
