"""Understanding chat messages: kind, category, building, urgency, emergency (LABELS.md)."""

from handlers.understanding.reading import Reading, read_message

__all__ = ["Reading", "read_message"]
