"""Where suggestions and corrections are kept (handlers/domain/feedback.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from handlers.domain.feedback import Correction, Suggestion, SuggestionStatus


class SuggestionStore(Protocol):
    async def add(self, suggestion: Suggestion) -> int:
        """Store a new suggestion (its `id` is ignored); returns the id."""
        ...

    async def get(self, suggestion_id: int) -> Suggestion | None: ...

    async def by_message(self, chat_id: int, message_id: int) -> Suggestion | None:
        """The suggestion made about the author's message `message_id`."""
        ...

    async def by_bot_message(self, chat_id: int, bot_message_id: int) -> Suggestion | None:
        """The suggestion whose bot message is `bot_message_id` (a reply to it)."""
        ...

    async def close(self, suggestion_id: int, to: SuggestionStatus, at: datetime) -> Suggestion | None:
        """Atomically move a pending suggestion to `to`; None if it was not pending."""
        ...

    async def due(self, now: datetime, limit: int) -> list[Suggestion]:
        """Pending suggestions whose expires_at has passed, oldest first, locked for this
        transaction (SKIP LOCKED on PostgreSQL)."""
        ...


class CorrectionLog(Protocol):
    async def add(self, correction: Correction) -> int: ...

    async def all(self) -> list[Correction]:
        """Every correction, oldest first."""
        ...
