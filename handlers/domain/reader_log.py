"""What the event log keeps of the reader's verdict, so that a card can be explained later."""

from __future__ import annotations

from handlers.understanding import Reading


def explain(reading: Reading) -> dict[str, object]:
    """The reader's version, confidence and label, under "reader" (the posted event's detail)."""
    return {
        "reader": {
            "version": reading.version,
            "kind": reading.kind.value,
            "confidence": round(reading.confidence, 4),
            "request_probability": round(reading.request_probability, 4),
            "emergency_probability": round(reading.emergency_probability, 4),
            "lexicon_emergency": reading.lexicon_emergency,
            "unsure": reading.unsure,
            "label": reading.as_label(),
        }
    }
