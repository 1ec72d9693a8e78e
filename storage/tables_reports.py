"""The schema the reports and the files add (kept apart from tables.py, on the same metadata).

Imported by storage/__init__.py, so whoever reads `storage.tables.metadata` sees these too.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import Base, ClaimRow, RequestRow


class OutboxFileRow(Base):
    """The bytes of a SendFile outbox item (a chart, an export), written in the outbox item's
    transaction and deleted once it is sent or given up.

    Bytes, not "render at send time": the file shows the records as they stood when the secretary
    asked, and the sender needs no database queries or chart library of its own. Beside the row,
    not in its JSON payload: the queue's scans over pending rows stay small, and no base64."""

    __tablename__ = "outbox_files"
    outbox_id: Mapped[int] = mapped_column(
        ForeignKey("outbox.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    name: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(128))
    data: Mapped[bytes] = mapped_column(LargeBinary)


# A month's figures of some communities read from this index alone (SQLite: a covering index,
# no row lookups; PostgreSQL: index-only scans once vacuumed): storage/repositories/figures.py.
# `id` last: PostgreSQL's index entries hold no row id of their own, and the helpers join on it.
REPORT_INDEX = Index(
    "ix_requests_report",
    RequestRow.community, RequestRow.posted_at, RequestRow.status, RequestRow.building, RequestRow.category,
    RequestRow.ring, RequestRow.claimed_at, RequestRow.closed_at, RequestRow.id,
)  # fmt: skip
# The helpers (表彰) and exports join claims to the month's requests, and read them from here alone.
CLAIMS_INDEX = Index("ix_claims_report", ClaimRow.request_id, ClaimRow.status, ClaimRow.user_id, ClaimRow.name)
