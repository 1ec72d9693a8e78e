"""The values the matcher takes and returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from handlers.domain import Request, Ring, Volunteer, VolunteerRecord
from handlers.matching.skills import ENTERS_HOME


@dataclass(frozen=True, slots=True)
class MatchQuery:
    """What is needed and where. `community=None` means the place is unknown: nobody is excluded."""

    category: str
    building: str | None
    compound: str | None
    community: str | None
    urgent: bool
    emergency: bool
    enters_home: bool

    @classmethod
    def of(
        cls,
        category: str,
        building: str | None = None,
        compound: str | None = None,
        community: str | None = None,
        *,
        urgent: bool = False,
        emergency: bool = False,
        enters_home: bool | None = None,
    ) -> MatchQuery:
        """A query whose `enters_home` defaults from the category; an emergency is always urgent."""
        return cls(
            category=category,
            building=building,
            compound=compound,
            community=community,
            urgent=urgent or emergency,
            emergency=emergency,
            enters_home=category in ENTERS_HOME if enters_home is None else enters_home,
        )

    @classmethod
    def for_request(cls, request: Request) -> MatchQuery:
        return cls.of(
            request.category,
            request.building,
            request.compound,
            request.community,
            urgent=request.urgent,
            emergency=request.emergency,
        )


@dataclass(frozen=True, slots=True)
class MatchSettings:
    rest_minutes: int = 30  # not called in the last N minutes = rested
    quiet_overridden_by_emergency: bool = True


@dataclass(frozen=True, slots=True)
class Candidate:
    """What ranking needs about one volunteer."""

    volunteer: Volunteer
    record: VolunteerRecord


@dataclass(frozen=True, slots=True)
class Ranked:
    user_id: int
    ring: Ring
    available: bool
    unavailable_reason: str | None  # one of the REASON_* constants
    score: float  # == sum(parts.values())
    # skill, load, rest, reliability, vetted — see handlers/matching/scoring.py
    parts: Mapping[str, float] = field(hash=False)
    # Position of the volunteer's building in the ring's nearest-first order: 0 is the request's
    # own building (or a ring without an order, such as COMMUNITY). Orders before `available`.
    building_rank: int = 0
