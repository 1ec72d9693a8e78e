"""Reports and files: the covering index for the figures, claims by request, and the outbox's files.

Revision ID: 0005
Revises: 0004
Create Date: 2027-01-10

Written by hand, like 0001.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REPORT_COLUMNS = ["community", "posted_at", "status", "building", "category", "ring", "claimed_at", "closed_at"]


def upgrade() -> None:
    op.create_index("ix_requests_report", "requests", REPORT_COLUMNS, unique=False)
    op.create_index("ix_claims_request_id_status", "claims", ["request_id", "status"], unique=False)
    op.create_table(
        "outbox_files",
        sa.Column("outbox_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("mime", sa.String(length=128), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["outbox_id"], ["outbox.id"], name=op.f("fk_outbox_files_outbox_id_outbox"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("outbox_id", name=op.f("pk_outbox_files")),
    )


def downgrade() -> None:
    op.drop_table("outbox_files")
    op.drop_index("ix_claims_request_id_status", table_name="claims")
    op.drop_index("ix_requests_report", table_name="requests")
