"""Concerns as matters: raisings merged into `concern_matters`, each with its `concern_events`.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-10

Written by hand, like 0001. Raisings recorded before this revision keep no matter (matter_id NULL).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def _index(table: str, *columns: str) -> None:
    op.create_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table, list(columns), unique=False)


def upgrade() -> None:
    op.create_table(
        "concern_matters",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("community", sa.String(length=128), nullable=True),
        sa.Column("compound", sa.String(length=128), nullable=True),
        sa.Column("building", sa.String(length=64), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("raised", sa.Integer(), nullable=False),
        sa.Column("residents", sa.Integer(), nullable=False),
        sa.Column("chats", sa.JSON(), nullable=False),
        sa.Column("owner_id", sa.BigInteger(), nullable=True),
        sa.Column("owner_name", sa.String(length=256), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("meeting", sa.Date(), nullable=True),
        sa.Column("first_at", TS, nullable=False),
        sa.Column("last_at", TS, nullable=False),
        sa.Column("closed_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concern_matters")),
    )
    _index("concern_matters", "community")
    _index("concern_matters", "compound", "category", "status")
    op.create_table(
        "concern_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["matter_id"], ["concern_matters.id"], name=op.f("fk_concern_events_matter_id_concern_matters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concern_events")),
    )
    _index("concern_events", "matter_id")
    with op.batch_alter_table("concerns") as batch:
        batch.add_column(sa.Column("message_id", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("matter_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("compound", sa.String(length=128), nullable=True))
    _index("concerns", "matter_id")


def downgrade() -> None:
    op.drop_index(op.f("ix_concerns_matter_id"), table_name="concerns")
    with op.batch_alter_table("concerns") as batch:
        batch.drop_column("compound")
        batch.drop_column("matter_id")
        batch.drop_column("message_id")
    op.drop_table("concern_events")
    op.drop_table("concern_matters")
