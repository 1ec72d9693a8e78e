"""The operator's choices the core acts on: the grid, how many to call, the ladder's timings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from handlers.domain.grid import Grid
from handlers.domain.visits import Cadence

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True, slots=True)
class Ladder:
    """Durations counted from when a request was posted (follow_up_after and overdue_after: from when
    it was claimed); urgent requests use them × urgent_factor."""

    compound_after: timedelta
    community_after: timedelta
    secretaries_after: timedelta
    follow_up_after: timedelta
    overdue_after: timedelta
    expire_after: timedelta
    urgent_factor: float = 0.25

    def validate(self) -> None:
        steps = [self.compound_after, self.community_after, self.secretaries_after, self.expire_after]
        if any(a >= b for a, b in pairwise(steps)):
            raise ValueError(
                "[ladder] compound_after < community_after < secretaries_after < expire_after must hold"
            )
        if not self.follow_up_after < self.overdue_after <= self.expire_after:
            raise ValueError("[ladder] follow_up_after < overdue_after <= expire_after must hold")
        if not 0 < self.urgent_factor <= 1:
            raise ValueError("[ladder] urgent_factor must be in (0, 1]")

    def scaled(self, delay: timedelta, urgent: bool) -> timedelta:
        return delay * self.urgent_factor if urgent else delay


@dataclass(frozen=True, slots=True)
class Policy:
    grid: Grid
    ladder: Ladder
    calls_per_ring: int = 3
    rest_minutes: int = 30
    timezone: ZoneInfo = SHANGHAI
    # How long "ask the neighbours for help?" stays under a message the reader was unsure about.
    suggestion_timeout: timedelta = timedelta(minutes=5)
    # The secretary's desk ([desk]): an offer posted in a chat counts as valid this long; lists page by this.
    offer_lifetime: timedelta = timedelta(days=7)
    page_size: int = 8
    # Visit rosters: how often carers contact and visit ([visits] in config.toml).
    visits: Cadence = field(default_factory=Cadence)
    # The words of closed requests (and other old words) are kept this long, then blanked daily.
    keep_text_days: int = 365
