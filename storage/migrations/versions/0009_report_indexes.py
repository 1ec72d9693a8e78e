"""Report indexes: the month's figures from one covering index on both databases, claims joined
from an index of their own, and the period's requests by chat.

Revision ID: 0009
Revises: 0008
Create Date: 2027-02-10

Written by hand, like 0001.

- `ix_requests_report` gains `id` (last): PostgreSQL's index-only scan then also gives the join
  key to claims (SQLite's indexes hold the rowid anyway).
- `ix_requests_posted_at` goes: with it PostgreSQL's planner took a plain posted_at scan and a
  heap visit per row over the covering index. Its one production reader (a compound's month of
  results, by chat) gets `ix_requests_chat_id_posted_at`.
- `ix_claims_request_id_status` becomes `ix_claims_report` (request_id, status, user_id, name):
  the helpers and the exports read claims from the index alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_REPORT = ["community", "posted_at", "status", "building", "category", "ring", "claimed_at", "closed_at"]


def upgrade() -> None:
    op.drop_index("ix_requests_report", table_name="requests")
    op.create_index("ix_requests_report", "requests", [*OLD_REPORT, "id"], unique=False)
    op.drop_index("ix_requests_posted_at", table_name="requests")
    op.create_index("ix_requests_chat_id_posted_at", "requests", ["chat_id", "posted_at"], unique=False)
    op.drop_index("ix_claims_request_id_status", table_name="claims")
    op.create_index("ix_claims_report", "claims", ["request_id", "status", "user_id", "name"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_claims_report", table_name="claims")
    op.create_index("ix_claims_request_id_status", "claims", ["request_id", "status"], unique=False)
    op.drop_index("ix_requests_chat_id_posted_at", table_name="requests")
    op.create_index("ix_requests_posted_at", "requests", ["posted_at"], unique=False)
    op.drop_index("ix_requests_report", table_name="requests")
    op.create_index("ix_requests_report", "requests", OLD_REPORT, unique=False)
