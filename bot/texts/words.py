"""Locale-aware pieces every rendering needs: catalog lookup, labels, durations, a request's headline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.texts import CATALOGS, catalog_for, fill
from bot.texts.fmt import safe, utc
from handlers.domain import Request, Status


class Words:
    def __init__(self, locale: str, timezone: ZoneInfo, clock: Callable[[], datetime] | None = None) -> None:
        self.locale, self._catalog = catalog_for(locale)
        self.timezone = timezone
        # Ages ("25 min ago") need the time; tests pass their clock, production reads the wall clock.
        self._clock = clock or (lambda: datetime.now(UTC))

    def t(self, key: str, **values: object) -> str:
        """A catalog entry filled with values the caller has already made safe (escaped or our own)."""
        return fill(self._catalog[key], values)

    def has(self, key: str) -> bool:
        return key in self._catalog

    def now(self) -> datetime:
        return self._clock()

    def category_of(self, word: str) -> str | None:
        """The category a word names: its key ("repair") or its label in any locale ("维修", "Repair")."""
        lowered = word.strip().lower()
        for catalog in CATALOGS.values():
            for key, entry in catalog.items():
                named = isinstance(entry, str) and entry.lower() == lowered
                if key.startswith("cat_") and (lowered == key[4:] or named):
                    return key[4:]
        return None

    def category(self, category: str) -> str:
        key = f"cat_{category}"
        return self.t(key) if self.has(key) else safe(category, 40)

    def status(self, status: Status) -> str:
        return self.t(f"status_{status.value}")

    def building(self, building: str | None) -> str:
        if not building or building == "?":
            return self.t("no_building")
        return self.t("building", building=safe(building, 40))

    def duration(self, seconds: float | None) -> str:
        if seconds is None:
            return "—"
        minutes = int(max(0.0, seconds) // 60)
        if minutes < 1:
            return self.t("dur_now")
        hours, minutes = divmod(minutes, 60)
        days, hours = divmod(hours, 24)
        if days:
            parts = [self.t("dur_d", n=days)] + ([self.t("dur_h", n=hours)] if hours else [])
        elif hours:
            parts = [self.t("dur_h", n=hours)] + ([self.t("dur_min", n=minutes)] if minutes else [])
        else:
            parts = [self.t("dur_min", n=minutes)]
        return " ".join(parts)

    def age(self, since: datetime | None) -> str:
        """How long ago, as a bare duration ("1 h 20 min")."""
        if since is None:
            return "—"
        return self.duration((self._clock() - utc(since)).total_seconds())

    def ago(self, since: datetime | None) -> str:
        return self.t("ago", age=self.age(since))

    def clock_time(self, moment: datetime) -> str:
        local = utc(moment).astimezone(self.timezone)
        same_day = local.date() == self._clock().astimezone(self.timezone).date()
        return local.strftime("%H:%M" if same_day else "%m-%d %H:%M")

    def headline(self, request: Request) -> str:
        """"#12 · building 198 · washing · urgent ⚡ · needs 2 people", escaped."""
        parts = [f"#{request.id}", self.building(request.building), self.category(request.category)]
        if request.emergency:
            parts.append(self.t("tag_emergency"))
        elif request.urgent:
            parts.append(self.t("tag_urgent"))
        if request.people_needed > 1:
            parts.append(self.t("needs", n=request.people_needed))
        return " · ".join(parts)
