"""The inbox's table (storage/inbox.py reads and writes it): one row per update received."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from handlers.chat import ButtonPress, ChatEvent, Received, Unreadable
from storage.codec import event_to_json
from storage.tables import Base


class InboxRow(Base):
    __tablename__ = "inbox"
    __table_args__ = (Index(None, "state", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    update_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)  # None for an unreadable update
    kind: Mapped[str] = mapped_column(String(16))  # message|press|unreadable
    # The translated event (handlers.chat), or the raw update for an unreadable one.
    event: Mapped[dict[str, Any]]
    state: Mapped[str] = mapped_column(String(16))  # pending|done|failed|unreadable
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime]
    handled_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)


def _kind(event: ChatEvent) -> str:
    return "press" if isinstance(event, ButtonPress) else "message"


def row_values(item: Received, now: datetime) -> dict[str, Any]:
    """Every column, for every kind of row: a batch is one multi-row INSERT."""
    row: dict[str, Any] = {"update_id": item.update_id, "attempts": 0, "received_at": now, "handled_at": None}
    if isinstance(item, Unreadable):
        return {**row, "chat_id": None, "kind": "unreadable", "event": item.raw, "state": "unreadable",
                "error": item.error}  # fmt: skip
    return {**row, "chat_id": item.chat_id, "kind": _kind(item), "event": event_to_json(item), "state": "pending",
            "error": None}  # fmt: skip
