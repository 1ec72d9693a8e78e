"""The public face of the parser: read_message(text) -> Reading."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.domain import Kind
from handlers.understanding.buildings import find_building
from handlers.understanding.classify import decide
from handlers.understanding.matcher import scan
from handlers.understanding.normalise import normalise
from handlers.understanding.people import people_needed


@dataclass(frozen=True, slots=True)
class Reading:
    kind: Kind
    category: str | None
    building: str | None
    urgent: bool
    emergency: bool
    people_needed: int = 1
    cues: tuple[str, ...] = ()

    def as_label(self) -> dict[str, object]:
        """The fields of a label line (shared/data/LABELS.md), ready for json.dumps."""
        return {
            "kind": str(self.kind),
            "category": self.category,
            "building": self.building,
            "urgent": self.urgent,
            "emergency": self.emergency,
        }


def read_message(text: str) -> Reading:
    """Understand one chat message. Pure, deterministic, offline; never raises on text."""
    folded, lowered = normalise(text)
    if not lowered.strip():
        return Reading(Kind.CHAT, None, None, False, False, 1, ("rule:empty",))
    decision = decide(scan(lowered))
    building, building_cue = (
        find_building(folded, lowered) if decision.names_building else (None, "")
    )
    cues = (*decision.cues, building_cue) if building_cue else decision.cues
    needed = people_needed(lowered) if decision.kind is Kind.REQUEST else 1
    return Reading(
        kind=decision.kind,
        category=decision.category,
        building=building,
        urgent=decision.urgent,
        emergency=decision.emergency,
        people_needed=needed,
        cues=cues,
    )
