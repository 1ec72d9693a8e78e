"""The values the matcher takes and returns."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields

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


PART_NAMES: tuple[str, ...] = ("skill", "load", "rest", "reliability", "vetted")
_PART_INDEX = {name: i for i, name in enumerate(PART_NAMES)}


class Parts(Mapping[str, float]):
    """`Ranked.parts`: a read-only name → value view over the tuple the scorer already made.

    A full rank() returns thousands of these, and a dict per volunteer cost more than scoring.
    """

    __slots__ = ("_values",)

    def __init__(self, values: tuple[float, ...]) -> None:
        self._values = values

    def __getitem__(self, name: str) -> float:
        return self._values[_PART_INDEX[name]]

    def __iter__(self) -> Iterator[str]:
        return iter(PART_NAMES)

    def __len__(self) -> int:
        return len(PART_NAMES)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Parts):
            return self._values == other._values
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]  # equal to a dict, so unhashable like one

    def __repr__(self) -> str:
        return repr(dict(self))


# The frozen-dataclass __init__ sets each field through object.__setattr__, which makes it the
# largest cost of a full rank(). Writing the slots directly gives the same object in half the
# time; the field list is checked here so a new Ranked field cannot be silently left unset.
_RANKED_SLOTS = tuple(f.name for f in fields(Ranked))
if _RANKED_SLOTS != (
    "user_id", "ring", "available", "unavailable_reason", "score", "parts", "building_rank"
):
    raise RuntimeError(f"make_ranked is out of date with Ranked's fields: {_RANKED_SLOTS}")
_set_user_id, _set_ring, _set_available, _set_reason, _set_score, _set_parts, _set_building_rank = (
    getattr(Ranked, name).__set__ for name in _RANKED_SLOTS
)
_new = object.__new__


def make_ranked(
    user_id: int,
    ring: Ring,
    available: bool,
    reason: str | None,
    score: float,
    parts: Mapping[str, float],
    building_rank: int,
) -> Ranked:
    """Exactly `Ranked(user_id, ring, available, reason, score, parts, building_rank)`, faster."""
    ranked: Ranked = _new(Ranked)
    _set_user_id(ranked, user_id)
    _set_ring(ranked, ring)
    _set_available(ranked, available)
    _set_reason(ranked, reason)
    _set_score(ranked, score)
    _set_parts(ranked, parts)
    _set_building_rank(ranked, building_rank)
    return ranked
