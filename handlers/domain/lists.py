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


@dataclass(frozen=True, slots=True)
class Concern:
    chat_id: int
    user_id: int
    text: str
    category: str | None
    building: str | None
    at: datetime
