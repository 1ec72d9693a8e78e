"""The labelled corpus: JSON lines in the format of shared/data/LABELS.md, read strictly.

A malformed line, an unknown kind or category, or a file that is missing fails loudly: a model
silently trained on less than its corpus is worse than no model.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

KINDS = ("request", "offer", "claim", "done", "cancel", "concern", "chat")
CATEGORIES = (
    "laundry", "errand", "repair", "medical", "elderly", "childcare", "pet", "moving", "tech",
    "legal", "meal", "transport", "borrow", "safety", "facility", "sanitation", "noise", "other",
)
KIND_NAMES = frozenset(KINDS)
CATEGORY_NAMES = frozenset(CATEGORIES)
LISTED_KINDS = frozenset({"request", "offer", "concern"})


class CorpusError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    kind: str
    category: str | None
    building: str | None
    urgent: bool
    emergency: bool
    source: str

    def label(self) -> dict[str, object]:
        return {
            "text": self.text,
            "kind": self.kind,
            "category": self.category,
            "building": self.building,
            "urgent": self.urgent,
            "emergency": self.emergency,
        }


def parse_example(row: object, source: str) -> Example:
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        raise CorpusError('a label line needs a string field "text"')
    kind = row.get("kind")
    if kind not in KIND_NAMES:
        raise CorpusError(f"unknown kind {kind!r}")
    category = row.get("category")
    if kind in LISTED_KINDS and category not in CATEGORY_NAMES:
        raise CorpusError(f"a {kind} needs a category, got {category!r}")
    if kind not in LISTED_KINDS and category is not None:
        raise CorpusError(f"a {kind} has no category, got {category!r}")
    building = row.get("building")
    if building is not None and not isinstance(building, str):
        raise CorpusError(f"building must be a string or null, got {building!r}")
    urgent, emergency = row.get("urgent"), row.get("emergency")
    if not isinstance(urgent, bool) or not isinstance(emergency, bool):
        raise CorpusError("urgent and emergency must be true or false")
    return Example(row["text"], str(kind), category, building, urgent, emergency, source)


def read_file(path: Path) -> list[Example]:
    if not path.is_file():
        raise CorpusError(f"corpus file not found: {path}")
    examples: list[Example] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            examples.append(parse_example(json.loads(line), path.stem))
        except (json.JSONDecodeError, CorpusError) as error:
            raise CorpusError(f"{path}:{number}: {error}") from error
    return examples


def load_examples(files: Sequence[Path]) -> list[Example]:
    """Every example of the files, in the order given; a text seen twice is kept once (the first)."""
    seen: set[str] = set()
    examples: list[Example] = []
    for path in files:
        for example in read_file(path):
            if example.text not in seen:
                seen.add(example.text)
                examples.append(example)
    return examples
