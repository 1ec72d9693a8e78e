"""Forgetting a person and letting old words go: what storage must do for handlers/privacy/."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from handlers.domain.privacy import Removed


class PersonalData(Protocol):
    async def forget(self, user_id: int) -> Removed:
        """Delete the person's profile rows (people, volunteers, their private chat) and their
        corrections; put `REMOVED` in place of their names and words everywhere else, leaving
        ids, statuses, categories, buildings and times for the counts. A second call changes nothing."""
        ...

    async def blank_before(self, before: datetime) -> Removed:
        """`REMOVED` in place of the words of requests closed before `before`, of suggestions,
        offers and concerns made before it, and of outbox messages no longer pending from before it."""
        ...
