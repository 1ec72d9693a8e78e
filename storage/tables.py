"""The schema (and storage/inbox_rows.py). Telegram ids are BigInteger (group ids exceed 32 bits); our own ids
are Integer. Every datetime is UTCDateTime. Status columns hold the handlers.domain.Status values as text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.columns import UTCDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


class GridBuildingRow(Base):
    """The configured grid, one row per building, kept in step with config.toml at start-up.

    A building dropped from the config is retired (`retired_at`), never deleted: requests and
    reports still name it. Listing it again un-retires it.
    """

    __tablename__ = "grid_buildings"
    __table_args__ = (UniqueConstraint("community", "compound", "building"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    community: Mapped[str] = mapped_column(String(128))
    compound: Mapped[str] = mapped_column(String(128))
    building: Mapped[str] = mapped_column(String(64))
    x: Mapped[float | None] = mapped_column(Float)
    y: Mapped[float | None] = mapped_column(Float)
    retired_at: Mapped[datetime | None]


class ChatRow(Base):
    """Every chat the bot knows: configured group chats (from the grid) and chats it has seen."""

    __tablename__ = "chats"
    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(8))  # group|private
    community: Mapped[str | None] = mapped_column(String(128))
    compound: Mapped[str | None] = mapped_column(String(128))
    # When the bot first knew of it (its first message, or the sync that configured it).
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    configured: Mapped[bool] = mapped_column(Boolean, default=False)  # listed in config.toml now


class PersonRow(Base):
    __tablename__ = "people"
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(256))
    username: Mapped[str | None] = mapped_column(String(64))
    home_building: Mapped[str | None] = mapped_column(String(64))
    home_compound: Mapped[str | None] = mapped_column(String(128))
    home_community: Mapped[str | None] = mapped_column(String(128))
    started_bot: Mapped[bool] = mapped_column(Boolean, default=False)
    locale: Mapped[str | None] = mapped_column(String(16))


class VolunteerRow(Base):
    __tablename__ = "volunteers"
    # No foreign key to people: a volunteer can be registered from config or import before
    # the person has ever written in a chat.
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(256))
    building: Mapped[str] = mapped_column(String(64))
    compound: Mapped[str] = mapped_column(String(128))
    community: Mapped[str] = mapped_column(String(128), index=True)
    skills: Mapped[list[str]] = mapped_column(JSON)
    hours: Mapped[list[str]] = mapped_column(JSON)  # "HH:MM-HH:MM" windows; empty = any time
    quiet: Mapped[str | None] = mapped_column(String(16))  # "HH:MM-HH:MM"; NULL = no quiet hours
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    max_open_claims: Mapped[int] = mapped_column(Integer, default=2)
    vetted: Mapped[bool] = mapped_column(Boolean, default=False)
    # NULL when serving only the home community, so serving() can filter the rest in SQL.
    also_serves: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))
    started_bot: Mapped[bool] = mapped_column(Boolean, default=False)
    registered_at: Mapped[datetime | None]


class RequestRow(Base):
    __tablename__ = "requests"
    __table_args__ = (
        UniqueConstraint("chat_id", "message_id"),
        Index(None, "chat_id", "requester_id"),
        Index(None, "chat_id", "posted_at"),  # a compound's month of results (repositories/desk.py)
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    requester_id: Mapped[int] = mapped_column(BigInteger)
    requester_name: Mapped[str] = mapped_column(String(256))
    forwarded_from: Mapped[str | None] = mapped_column(String(256))  # "" when Telegram hides the author
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(32))
    building: Mapped[str | None] = mapped_column(String(64))
    compound: Mapped[str | None] = mapped_column(String(128))
    community: Mapped[str | None] = mapped_column(String(128))
    urgent: Mapped[bool] = mapped_column(Boolean)
    emergency: Mapped[bool] = mapped_column(Boolean)
    people_needed: Mapped[int] = mapped_column(Integer, default=1)
    # Kept in the row (not counted from claims) so the claim UPDATE decides on the row it locks.
    active_claims: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), index=True)
    ring: Mapped[int] = mapped_column(Integer, default=0)
    followups: Mapped[int] = mapped_column(Integer, default=0)
    next_due_at: Mapped[datetime | None] = mapped_column(index=True)
    requester_told_waiting: Mapped[bool] = mapped_column(Boolean, default=False)
    posted_at: Mapped[datetime]  # indexed with the community (tables_reports.py) and the chat
    claimed_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]


class ClaimRow(Base):
    __tablename__ = "claims"
    __table_args__ = (
        # One active claim per volunteer and request: the database, not the code, refuses doubles.
        Index(
            "uq_claims_active",
            "request_id",
            "user_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
        Index(None, "user_id", "status"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(256))
    status: Mapped[str] = mapped_column(String(16))  # active|released|done|expired|cancelled
    claimed_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class RequestMessageRow(Base):
    """Cards, calls and other messages that stand for a request (replies to them mean it)."""

    __tablename__ = "request_messages"
    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    message_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), index=True)


class CallRow(Base):
    __tablename__ = "calls"
    __table_args__ = (Index(None, "request_id", "user_id"), Index(None, "user_id", "at"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(BigInteger)
    ring: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime]
    declined_at: Mapped[datetime | None]


class EventRow(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[int | None] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class OfferRow(Base):
    __tablename__ = "offers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(32))
    building: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime]


class OutboxRow(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        # A chat's head: its pending rows by priority, then id (lease); sends of the last
        # minute (priming the rate limiter at start).
        Index(None, "status", "chat_id", "priority", "id"),
        Index(None, "ref"),
        Index(None, "status", "sent_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)  # NULL for answerCallbackQuery
    kind: Mapped[str] = mapped_column(String(8))  # send|edit|answer
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    # 1: urgent (an emergency Send), 0: the rest; a chat's urgent rows go before its others.
    priority: Mapped[int] = mapped_column(Integer, default=0)
    ref: Mapped[str | None] = mapped_column(String(128))
    request_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # pending|sent|failed|superseded
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime | None]
    leased_until: Mapped[datetime | None]
    started_at: Mapped[datetime | None]  # its current attempt began (storage/outbox_started.py)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[int | None] = mapped_column(BigInteger)


class SentRefRow(Base):
    __tablename__ = "sent_refs"
    ref: Mapped[str] = mapped_column(String(128), primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)


class ProcessedUpdateRow(Base):
    __tablename__ = "processed_updates"
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)


class SuggestionRow(Base):
    """The bot's "ask the neighbours for help?" under a message the reader was unsure about."""

    __tablename__ = "suggestions"
    __table_args__ = (
        UniqueConstraint("chat_id", "message_id"),
        Index(None, "chat_id", "bot_message_id"),
        Index(None, "status", "expires_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)  # the author's message
    author_id: Mapped[int] = mapped_column(BigInteger)
    author_name: Mapped[str] = mapped_column(String(256))
    text: Mapped[str] = mapped_column(Text)
    reader_label: Mapped[dict[str, Any]] = mapped_column(JSON)
    reader_version: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # pending|used|expired
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    bot_message_id: Mapped[int | None] = mapped_column(BigInteger)  # set when the suggestion is sent


class CorrectionRow(Base):
    """A labelled example people's actions gave: `jinlin corrections export` writes them out."""

    __tablename__ = "corrections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    reader_label: Mapped[dict[str, Any]] = mapped_column(JSON)  # what the reader gave
    label: Mapped[dict[str, Any]] = mapped_column(JSON)  # the corrected label (LABELS.md fields)
    reason: Mapped[str] = mapped_column(String(32))
    reader_version: Mapped[str] = mapped_column(String(64))
    request_id: Mapped[int | None] = mapped_column(Integer)  # no foreign key: a record outlives its request
    at: Mapped[datetime] = mapped_column(index=True)


# The concern tables (民情清单) live in their own module, on the same Base; importing it here puts
# them in the metadata whichever module is imported first.
import storage.concern_tables  # noqa: E402, F401

metadata = Base.metadata
