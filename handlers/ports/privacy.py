"""Forgetting a person and letting old words go: what storage must do for handlers/privacy/."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from handlers.domain.privacy import Removed


class PersonalData(Protocol):
    async def forget(self, user_id: int) -> Removed:
        """Delete the person's profile rows (people, volunteers, their private chat) and their
        corrections; put `REMOVED` in place of their names and words everywhere else, leaving
        ids, statuses, categories, buildings and times for the counts. A second call changes nothing.

        The desk too: their name as a roster carer and a matter's owner, the visit notes and the
        concern notes and outcomes they wrote or that name them, a matter's words when they raised
        it first; their secretary grants and consent to be named go, and who bound a chat or granted
        a role becomes 0 (no count needs it)."""
        ...

    async def forget_resident(self, entry_id: int, now: datetime) -> Removed:
        """A roster resident, who has no user id: `REMOVED` for their name, the entry taken off
        the roster (at `now`), its notes and the sent private messages that named them blanked;
        the visits stay counted."""
        ...

    async def blank_before(self, before: datetime) -> Removed:
        """`REMOVED` in place of the words of requests closed before `before`, of suggestions,
        offers and concerns made before it, and of outbox messages no longer pending from before it."""
        ...
