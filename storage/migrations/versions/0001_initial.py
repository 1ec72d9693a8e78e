"""The initial schema.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Written out by hand (not generated at run time) so that it never changes when tables.py does;
later changes get their own revisions. Datetimes are plain timestamptz here: UTCDateTime is only
a Python-side conversion.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)
ACTIVE_ONLY = sa.text("status = 'active'")


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), autoincrement=True, nullable=False)


def _request_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["request_id"], ["requests.id"], name=op.f(f"fk_{table}_request_id_requests"), ondelete="CASCADE"
    )


def _index(table: str, *columns: str) -> None:
    op.create_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table, list(columns), unique=False)


def upgrade() -> None:
    op.create_table(
        "grid_buildings",
        _id(),
        sa.Column("community", sa.String(length=128), nullable=False),
        sa.Column("compound", sa.String(length=128), nullable=False),
        sa.Column("building", sa.String(length=64), nullable=False),
        sa.Column("x", sa.Float(), nullable=True),
        sa.Column("y", sa.Float(), nullable=True),
        sa.Column("retired_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_buildings")),
        sa.UniqueConstraint(
            "community", "compound", "building", name=op.f("uq_grid_buildings_community_compound_building")
        ),
    )
    op.create_table(
        "chats",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("community", sa.String(length=128), nullable=True),
        sa.Column("compound", sa.String(length=128), nullable=True),
        sa.Column("first_seen_at", TS, nullable=False),
        sa.Column("last_seen_at", TS, nullable=False),
        sa.Column("configured", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_chats")),
    )
    op.create_table(
        "people",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=True),
        sa.Column("home_building", sa.String(length=64), nullable=True),
        sa.Column("home_compound", sa.String(length=128), nullable=True),
        sa.Column("home_community", sa.String(length=128), nullable=True),
        sa.Column("started_bot", sa.Boolean(), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_people")),
    )
    op.create_table(
        "volunteers",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("building", sa.String(length=64), nullable=False),
        sa.Column("compound", sa.String(length=128), nullable=False),
        sa.Column("community", sa.String(length=128), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("hours", sa.JSON(), nullable=False),
        sa.Column("quiet", sa.String(length=16), nullable=True),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("max_open_claims", sa.Integer(), nullable=False),
        sa.Column("vetted", sa.Boolean(), nullable=False),
        sa.Column("also_serves", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("started_bot", sa.Boolean(), nullable=False),
        sa.Column("registered_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_volunteers")),
    )
    _index("volunteers", "community")

    op.create_table(
        "requests",
        _id(),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("requester_id", sa.BigInteger(), nullable=False),
        sa.Column("requester_name", sa.String(length=256), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("building", sa.String(length=64), nullable=True),
        sa.Column("compound", sa.String(length=128), nullable=True),
        sa.Column("community", sa.String(length=128), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("emergency", sa.Boolean(), nullable=False),
        sa.Column("people_needed", sa.Integer(), nullable=False),
        sa.Column("active_claims", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("ring", sa.Integer(), nullable=False),
        sa.Column("followups", sa.Integer(), nullable=False),
        sa.Column("next_due_at", TS, nullable=True),
        sa.Column("requester_told_waiting", sa.Boolean(), nullable=False),
        sa.Column("posted_at", TS, nullable=False),
        sa.Column("claimed_at", TS, nullable=True),
        sa.Column("closed_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requests")),
        sa.UniqueConstraint("chat_id", "message_id", name=op.f("uq_requests_chat_id_message_id")),
    )
    _index("requests", "chat_id", "requester_id")
    _index("requests", "next_due_at")
    _index("requests", "posted_at")
    _index("requests", "status")

    op.create_table(
        "claims",
        _id(),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_at", TS, nullable=False),
        sa.Column("ended_at", TS, nullable=True),
        _request_fk("claims"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
    )
    _index("claims", "user_id", "status")
    op.create_index(
        "uq_claims_active",
        "claims",
        ["request_id", "user_id"],
        unique=True,
        sqlite_where=ACTIVE_ONLY,
        postgresql_where=ACTIVE_ONLY,
    )

    op.create_table(
        "request_messages",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("message_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        _request_fk("request_messages"),
        sa.PrimaryKeyConstraint("chat_id", "message_id", name=op.f("pk_request_messages")),
    )
    _index("request_messages", "request_id")

    op.create_table(
        "calls",
        _id(),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("ring", sa.Integer(), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("declined_at", TS, nullable=True),
        _request_fk("calls"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calls")),
    )
    _index("calls", "request_id", "user_id")
    _index("calls", "user_id", "at")

    op.create_table(
        "events",
        _id(),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        _request_fk("events"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    _index("events", "at")
    _index("events", "request_id")

    for table, extra in (("offers", []), ("concerns", [sa.Column("community", sa.String(length=128), nullable=True)])):
        op.create_table(
            table,
            _id(),
            sa.Column("chat_id", sa.BigInteger(), nullable=False),
            sa.Column("user_id", sa.BigInteger(), nullable=False),
            sa.Column("text", sa.Text(), nullable=False),
            sa.Column("category", sa.String(length=32), nullable=True),
            sa.Column("building", sa.String(length=64), nullable=True),
            *extra,
            sa.Column("at", TS, nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )
    _index("concerns", "community")

    op.create_table(
        "outbox",
        _id(),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=128), nullable=True),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", TS, nullable=True),
        sa.Column("leased_until", TS, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("sent_at", TS, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    _index("outbox", "ref")
    _index("outbox", "status", "chat_id", "priority", "id")
    _index("outbox", "status", "sent_at")

    op.create_table(
        "sent_refs",
        sa.Column("ref", sa.String(length=128), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("ref", name=op.f("pk_sent_refs")),
    )
    op.create_table(
        "processed_updates",
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_processed_updates")),
    )
    _index("processed_updates", "at")


def downgrade() -> None:
    for table in (
        "processed_updates",
        "sent_refs",
        "outbox",
        "concerns",
        "offers",
        "events",
        "calls",
        "request_messages",
        "claims",
        "requests",
        "volunteers",
        "people",
        "chats",
        "grid_buildings",
    ):
        op.drop_table(table)
