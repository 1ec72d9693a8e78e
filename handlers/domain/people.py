"""People the bot knows: residents and volunteers, their hours and their record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time


@dataclass(frozen=True, slots=True)
class HourWindow:
    """A daily window [start, end); end before start wraps past midnight."""

    start: time
    end: time

    def contains(self, moment: time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


DEFAULT_QUIET = HourWindow(time(22, 0), time(7, 0))


@dataclass(slots=True)
class Person:
    user_id: int
    name: str
    username: str | None = None
    home_building: str | None = None
    home_compound: str | None = None
    home_community: str | None = None
    started_bot: bool = False  # only then can the bot write to them privately
    locale: str | None = None


@dataclass(slots=True)
class Volunteer:
    user_id: int
    name: str
    building: str
    compound: str
    community: str
    skills: frozenset[str] = frozenset()
    hours: tuple[HourWindow, ...] = ()  # empty: any time
    quiet: HourWindow | None = DEFAULT_QUIET
    paused: bool = False
    max_open_claims: int = 2
    vetted: bool = False
    # Communities served besides the home one (双报到: at home and at work).
    also_serves: tuple[str, ...] = ()
    started_bot: bool = False
    registered_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class VolunteerRecord:
    """What the matcher needs to know about a volunteer's recent behaviour."""

    open_claims: int = 0
    kept: int = 0
    released: int = 0
    expired: int = 0
    last_called_at: datetime | None = None
