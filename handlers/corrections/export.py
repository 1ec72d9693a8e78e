"""The corrections as LABELS.md lines, for `jinlin corrections export` (bot/corrections_export.py).

One JSON object a line, exactly the corpus' keys (text, kind, category, building, urgent,
emergency), ready to review and add to data/corpus/. A message corrected more than once (a
suggestion accepted, then the card withdrawn as "not a request") gives one line: its latest
correction. Which reason and who gave it stay in the database (`corrections` table).
"""

from __future__ import annotations

from collections.abc import Iterable

from handlers.domain.feedback import Correction


def label_line(correction: Correction) -> dict[str, object]:
    label = correction.label
    return {
        "text": correction.text,
        "kind": str(label.get("kind", "chat")),
        "category": label.get("category"),
        "building": label.get("building"),
        "urgent": bool(label.get("urgent", False)),
        "emergency": bool(label.get("emergency", False)),
    }


def latest_per_message(corrections: Iterable[Correction]) -> list[Correction]:
    """The newest correction of each message (oldest first in, first-seen order out)."""
    latest: dict[tuple[int, int | str], Correction] = {}
    for correction in corrections:
        # One message, one line: by its id when known (a forced request's text may have grown).
        key = (correction.chat_id, correction.message_id if correction.message_id is not None else correction.text)
        latest.pop(key, None)  # re-inserted last: the file follows the order of the final say
        latest[key] = correction
    return list(latest.values())
