"""The grid and the chats as stored: config.toml stays the source, the database its record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from handlers.domain import Grid

ChatKind = Literal["group", "private"]


@dataclass(frozen=True, slots=True)
class GridBuilding:
    community: str
    compound: str
    building: str
    x: float | None
    y: float | None
    retired_at: datetime | None  # no longer in the config since then


@dataclass(frozen=True, slots=True)
class KnownChat:
    chat_id: int
    kind: ChatKind
    community: str | None
    compound: str | None
    first_seen_at: datetime
    last_seen_at: datetime
    configured: bool  # in the grid of config.toml as last synced


class GridStore(Protocol):
    """The grid and the chats, as stored: config.toml stays the source, the database its record."""

    async def sync(self, grid: Grid, at: datetime) -> None:
        """Make the stored grid the configured one: upsert every building (un-retiring any that
        come back), retire those no longer configured, upsert the configured group chats as
        configured and mark the rest not configured."""
        ...

    async def chat_seen(
        self, chat_id: int, is_private: bool, compound: str | None, community: str | None, at: datetime
    ) -> None:
        """Record a message in a chat: create it, or refresh its place and bump last_seen_at.
        A new group chat counts as configured when it has a compound; `sync` owns the flag after.
        A group the bot was closed to (kicked, say) is open again: hearing from it means it is back."""
        ...

    async def chat_back(self, chat_id: int) -> None:
        """Only the last part of `chat_seen` for a group: open again if it was closed to the bot."""
        ...

    async def buildings(self) -> list[GridBuilding]:
        """Every building ever configured, retired ones included, in no promised order."""
        ...

    async def chats(self) -> list[KnownChat]:
        """Every known chat, by chat id."""
        ...
