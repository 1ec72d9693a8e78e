"""The concern tables (民情清单): residents' raisings, the matters they merge into, each matter's log.

On the `Base` of storage/tables.py, which imports this module so the metadata holds them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import Base


class ConcernRow(Base):
    """One resident's raising; `matter_id` is the matter it was merged into."""

    __tablename__ = "concerns"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(32))
    building: Mapped[str | None] = mapped_column(String(64))
    community: Mapped[str | None] = mapped_column(String(128), index=True)
    at: Mapped[datetime]
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    # No foreign key: raisings recorded before matters existed have none.
    matter_id: Mapped[int | None] = mapped_column(Integer, index=True)
    compound: Mapped[str | None] = mapped_column(String(128))


class MatterRow(Base):
    """A concern as the secretary tracks it (一事一记): counts kept in the row for ordering in SQL."""

    __tablename__ = "concern_matters"
    __table_args__ = (Index(None, "compound", "category", "status"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    community: Mapped[str | None] = mapped_column(String(128), index=True)
    compound: Mapped[str | None] = mapped_column(String(128))
    building: Mapped[str | None] = mapped_column(String(64))
    category: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # handlers.domain.concerns.ConcernStatus
    raised: Mapped[int] = mapped_column(Integer)
    residents: Mapped[int] = mapped_column(Integer)
    chats: Mapped[list[int]] = mapped_column(JSON)
    owner_id: Mapped[int | None] = mapped_column(BigInteger)
    owner_name: Mapped[str | None] = mapped_column(String(256))
    note: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    meeting: Mapped[date | None] = mapped_column(Date)
    first_at: Mapped[datetime]
    last_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]


class MatterEventRow(Base):
    __tablename__ = "concern_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("concern_matters.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(BigInteger)
    at: Mapped[datetime]
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
