"""The resource list (offers) and the list of public concerns (民情清单)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Offer:
    chat_id: int
    user_id: int
    text: str
    category: str | None
    building: str | None
    at: datetime
    id: int = 0  # set by storage


@dataclass(frozen=True, slots=True)
class Concern:
    """One resident's raising of a concern; raisings of one problem share a matter (domain/concerns.py)."""

    chat_id: int
    user_id: int
    text: str
    category: str | None
    building: str | None
    at: datetime
    message_id: int | None = None  # the resident's message: the "fixed" notice replies to it
    matter_id: int | None = None
    community: str | None = None  # from the grid, where the chat is configured
    compound: str | None = None
