"""Delivery that cannot wedge: chats held or closed to the bot; three priorities in the outbox.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-10

Written by hand. Priorities were 1 (urgent) and 0 (the rest); now 2 (urgent), 1 (cards, calls,
edits) and 0 (acknowledgements), so the rows already queued move up by one. A parked item is a
new status value in the existing text column.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "outbox_chats",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("held_until", TS, nullable=True),
        sa.Column("closed_at", TS, nullable=True),
        sa.Column("closed_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_outbox_chats")),
    )
    op.execute("UPDATE outbox SET priority = priority + 1")


def downgrade() -> None:
    op.execute("UPDATE outbox SET priority = CASE WHEN priority >= 2 THEN 1 ELSE 0 END")
    op.execute("UPDATE outbox SET status = 'failed' WHERE status = 'parked'")
    op.drop_table("outbox_chats")
