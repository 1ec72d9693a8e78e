"""The export's lines: exactly LABELS.md's keys, one per corrected message, its latest say."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from handlers.corrections.export import label_line, latest_per_message
from handlers.domain.feedback import Correction, Reason

T0 = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
CHAT_LABEL: dict[str, object] = {"kind": "chat", "category": None, "building": "198", "urgent": False,
                                 "emergency": False}
REQUEST_LABEL: dict[str, object] = {"kind": "request", "category": "errand", "building": "198", "urgent": True,
                                    "emergency": False}


def _correction(message_id: int | None, text: str, label: dict[str, object], minutes: int) -> Correction:
    return Correction(-100, message_id, 7, text, CHAT_LABEL, label, Reason.FORCED_ASK, T0 + timedelta(minutes=minutes))


def test_a_line_has_exactly_the_label_keys_in_order() -> None:
    line = label_line(_correction(1, "帮我取快递", REQUEST_LABEL, 0))
    assert list(line) == ["text", "kind", "category", "building", "urgent", "emergency"]
    assert line == {"text": "帮我取快递", **REQUEST_LABEL}


def test_the_latest_correction_of_a_message_wins_and_messages_without_id_go_by_text() -> None:
    accepted = _correction(1, "谁去超市?", REQUEST_LABEL, 0)
    other = _correction(None, "/ask words", REQUEST_LABEL, 1)
    withdrawn = _correction(1, "谁去超市?\nyes please", CHAT_LABEL, 2)
    assert latest_per_message([accepted, other, withdrawn]) == [other, withdrawn]
