"""Where concerns are kept as matters (handlers/domain/concerns.py): the 民情清单 and its log."""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from handlers.domain.concerns import Matter, MatterEvent
from handlers.domain.lists import Concern


class ConcernBook(Protocol):
    async def add(self, matter: Matter) -> Matter:
        """Store a new matter (its `id` is ignored); the same matter with its id."""
        ...

    async def get(self, matter_id: int) -> Matter | None: ...

    async def save(self, matter: Matter) -> None:
        """Persist every field of an existing matter."""
        ...

    async def open_like(self, compound: str | None, category: str | None) -> list[Matter]:
        """Open matters of one compound and category (the merge's candidates), most-raised first."""
        ...

    async def listed(self, communities: Collection[str], compound: str | None = None) -> list[Matter]:
        """Every matter of these communities (of one compound, when given), in no promised order."""
        ...

    async def raisings(self, matter_id: int) -> list[Concern]:
        """The raisings of a matter, oldest first."""
        ...

    async def log(self, event: MatterEvent) -> None: ...

    async def history(self, matter_id: int) -> list[MatterEvent]:
        """A matter's events, oldest first."""
        ...
