"""Outbox attempt markers: a call that began and never ended is known after a crash.

Revision ID: 0010
Revises: 0009
Create Date: 2027-02-20

Written by hand, like 0001.

`outbox.started_at`: when the sender's current attempt at the row began, written in the same
transaction as its lease just before the Bot API call, cleared when the attempt ends unsent
(storage/outbox_started.py). A pending row leased again with it set is a call whose sender died
mid-call, settled by bot/delivery_settle.py instead of being sent blindly again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("started_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("started_at")
