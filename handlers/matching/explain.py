"""A readable table of why volunteers were ranked as they were (for /debug and secretaries)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

from handlers.matching.model import Ranked
from handlers.matching.scoring import PART_NAMES

_RING_NAMES = {0: "building", 1: "compound", 2: "community", 3: "secretary"}


def _width(text: str) -> int:
    # Chinese names take two terminal columns each; padding by len() would skew the table.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def explain(ranked: Sequence[Ranked], names: Mapping[int, str] | None = None) -> str:
    """One line per volunteer, in the given order: where, whether available, score and its parts."""
    header = ["#", "user", "name", "ring", "bldg", "status", "score", *PART_NAMES]
    rows = [header]
    for i, r in enumerate(ranked, 1):
        rows.append(
            [
                str(i),
                str(r.user_id),
                (names or {}).get(r.user_id, ""),
                _RING_NAMES.get(int(r.ring), str(int(r.ring))),
                str(r.building_rank),
                "ok" if r.available else (r.unavailable_reason or "unavailable"),
                f"{r.score:.2f}",
                *(f"{r.parts.get(p, 0.0):+.2f}" for p in PART_NAMES),
            ]
        )
    widths = [max(_width(row[col]) for row in rows) for col in range(len(header))]
    numeric = {0, 1, 4, 6, *range(7, len(header))}
    lines = [
        "  ".join(_pad(cell, widths[col], col in numeric) for col, cell in enumerate(row)).rstrip()
        for row in rows
    ]
    return "\n".join(lines)
