"""What forgetting a person and the retention of texts leave behind."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# Stored in place of words that were forgotten or outlived `[privacy] keep_text_days`: the row
# stays (its category, building, status and times are what reports count), the words do not.
REMOVED = "[removed]"


@dataclass(frozen=True, slots=True)
class Removed:
    """Rows changed per table (and what in them), for the operator's printout."""

    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        changed = {name: n for name, n in self.counts.items() if n}
        return ", ".join(f"{name} {n}" for name, n in changed.items()) or "nothing"


# A name this short ("王") would blank every note that mentions anyone of that family name.
SHORTEST_NAME = 2


def names_of(candidates: Iterable[str | None]) -> tuple[str, ...]:
    """The distinct names a person went by (profile, claims, requests, the desk), as searched for
    in notes written by others; blanked ones and too short ones left out."""
    names = {n.strip() for n in candidates if n}
    return tuple(sorted(n for n in names if len(n) >= SHORTEST_NAME and n != REMOVED))


def names_them(text: object, names: Iterable[str]) -> bool:
    """Whether free text (a note, an outcome) names the person: it is then theirs to forget too."""
    return isinstance(text, str) and text != REMOVED and any(name in text for name in names)


def blanked(detail: Mapping[str, object], key: str = "text") -> dict[str, object]:
    """An event's detail with its words removed, the rest (ids, counts) kept."""
    return {**detail, key: REMOVED}
