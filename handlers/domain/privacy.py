"""What forgetting a person and the retention of texts leave behind."""

from __future__ import annotations

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
