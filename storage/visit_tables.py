"""The desk's tables (visit rosters, chats bound by /setup, secretaries added, consent to be
named), kept apart from tables.py to keep that file in bounds; same Base, same metadata."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import Base


class RosterRow(Base):
    """A vulnerable resident on the visit roster: never shown in a group."""

    __tablename__ = "roster"
    __table_args__ = (Index(None, "community", "off_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    community: Mapped[str] = mapped_column(String(128))
    compound: Mapped[str] = mapped_column(String(128))
    building: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(256))
    need: Mapped[str] = mapped_column(String(16))  # elderly|disabled|ill|other
    carer_id: Mapped[int] = mapped_column(BigInteger)
    carer_name: Mapped[str] = mapped_column(String(256))
    contact_every: Mapped[int] = mapped_column(Integer)  # days
    visit_every: Mapped[int] = mapped_column(Integer)
    added_by: Mapped[int] = mapped_column(BigInteger)
    added_at: Mapped[datetime]
    contact_due_at: Mapped[datetime]
    visit_due_at: Mapped[datetime]
    contact_reminded: Mapped[bool] = mapped_column(Boolean, default=False)
    visit_reminded: Mapped[bool] = mapped_column(Boolean, default=False)
    overdue_told: Mapped[bool] = mapped_column(Boolean, default=False)
    next_due_at: Mapped[datetime | None] = mapped_column(index=True)
    off_at: Mapped[datetime | None]


class VisitEventRow(Base):
    """Every step of a roster entry; `chat_id`/`message_id`: the reminder an answer was tapped on."""

    __tablename__ = "visit_events"
    __table_args__ = (Index(None, "chat_id", "message_id"), Index(None, "at", "type"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    roster_id: Mapped[int] = mapped_column(ForeignKey("roster.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[int | None] = mapped_column(BigInteger)
    at: Mapped[datetime]
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)


class ChatBindingRow(Base):
    """A group bound to a compound by `/setup`; merged into config.toml's grid at start-up."""

    __tablename__ = "chat_bindings"
    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    community: Mapped[str] = mapped_column(String(128))
    compound: Mapped[str] = mapped_column(String(128))
    buildings: Mapped[list[str]] = mapped_column(JSON)
    bound_by: Mapped[int] = mapped_column(BigInteger)
    bound_at: Mapped[datetime]


class AddedSecretaryRow(Base):
    """A secretary added by `/secretary add` (those of config.toml are not stored here)."""

    __tablename__ = "added_secretaries"
    community: Mapped[str] = mapped_column(String(128), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    added_by: Mapped[int] = mapped_column(BigInteger)
    added_at: Mapped[datetime]


class NamedVolunteerRow(Base):
    """`/volunteer name on|off`: consent to be thanked by name in the published results."""

    __tablename__ = "named_volunteers"
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    named: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime]


__all__ = ["AddedSecretaryRow", "ChatBindingRow", "NamedVolunteerRow", "RosterRow", "VisitEventRow"]
