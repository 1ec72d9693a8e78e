"""Inbox leases: several workers on one PostgreSQL database never hand out the same stored update.

Revision ID: 0008
Revises: 0007
Create Date: 2027-02-01

Written by hand, like 0001.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(sa.Column("leased_by", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("leased_until", sa.DateTime(timezone=True), nullable=True))
    op.create_index(op.f("ix_inbox_chat_id_state"), "inbox", ["chat_id", "state"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_inbox_chat_id_state"), table_name="inbox")
    with op.batch_alter_table("inbox") as batch:
        batch.drop_column("leased_until")
        batch.drop_column("leased_by")
