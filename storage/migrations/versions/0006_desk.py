"""The secretary's desk: visit rosters and their events, chats bound by /setup, secretaries added
by command, volunteers' consent to be named in the published results.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-10

Written by hand, like 0001.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def _index(table: str, *columns: str) -> None:
    op.create_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table, list(columns), unique=False)


def upgrade() -> None:
    op.create_table(
        "roster",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("community", sa.String(length=128), nullable=False),
        sa.Column("compound", sa.String(length=128), nullable=False),
        sa.Column("building", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("need", sa.String(length=16), nullable=False),
        sa.Column("carer_id", sa.BigInteger(), nullable=False),
        sa.Column("carer_name", sa.String(length=256), nullable=False),
        sa.Column("contact_every", sa.Integer(), nullable=False),
        sa.Column("visit_every", sa.Integer(), nullable=False),
        sa.Column("added_by", sa.BigInteger(), nullable=False),
        sa.Column("added_at", TS, nullable=False),
        sa.Column("contact_due_at", TS, nullable=False),
        sa.Column("visit_due_at", TS, nullable=False),
        sa.Column("contact_reminded", sa.Boolean(), nullable=False),
        sa.Column("visit_reminded", sa.Boolean(), nullable=False),
        sa.Column("overdue_told", sa.Boolean(), nullable=False),
        sa.Column("next_due_at", TS, nullable=True),
        sa.Column("off_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster")),
    )
    _index("roster", "community", "off_at")
    _index("roster", "next_due_at")
    op.create_table(
        "visit_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("roster_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["roster_id"], ["roster.id"], name=op.f("fk_visit_events_roster_id_roster"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_events")),
    )
    _index("visit_events", "roster_id")
    _index("visit_events", "chat_id", "message_id")
    _index("visit_events", "at", "type")
    op.create_table(
        "chat_bindings",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("community", sa.String(length=128), nullable=False),
        sa.Column("compound", sa.String(length=128), nullable=False),
        sa.Column("buildings", sa.JSON(), nullable=False),
        sa.Column("bound_by", sa.BigInteger(), nullable=False),
        sa.Column("bound_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_chat_bindings")),
    )
    op.create_table(
        "added_secretaries",
        sa.Column("community", sa.String(length=128), nullable=False),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("added_by", sa.BigInteger(), nullable=False),
        sa.Column("added_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("community", "user_id", name=op.f("pk_added_secretaries")),
    )
    op.create_table(
        "named_volunteers",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("named", sa.Boolean(), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_named_volunteers")),
    )


def downgrade() -> None:
    op.drop_table("named_volunteers")
    op.drop_table("added_secretaries")
    op.drop_table("chat_bindings")
    op.drop_table("visit_events")
    op.drop_table("roster")
