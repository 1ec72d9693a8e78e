"""What a chat message means: the parser's answer (see shared/data/LABELS.md)."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """What a chat message means (see shared/data/LABELS.md)."""

    REQUEST = "request"
    OFFER = "offer"
    CLAIM = "claim"
    DONE = "done"
    CANCEL = "cancel"
    CONCERN = "concern"
    CHAT = "chat"
