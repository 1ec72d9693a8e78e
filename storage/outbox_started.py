"""The outbox's attempt markers (`outbox.started_at`), inside the caller's transaction.

The sender marks the items whose calls it is about to make in the transaction of its lease
(storage/outbox_queue.py), and makes the calls only once that has committed. An attempt ends when
its row is marked sent, failed or parked, or cleared by `retry_at` / `release` (Telegram answered
that it did not arrive, or it was never made). So a pending row leased again with `started_at` set
is a call whose sender died in between (kill -9, the OOM killer, a call cancelled at stop): it may
have reached Telegram, and bot/delivery_settle.py decides whether it goes again.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import case, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.queue import Interrupted
from storage.tables import OutboxRow, RequestRow


async def lease_and_start(
    s: AsyncSession, lease_ids: Collection[int], until: datetime, start_ids: Collection[int], now: datetime
) -> None:
    """Lease `lease_ids` until `until` and mark `start_ids` started at `now`, in one UPDATE (the
    items started may include ones leased earlier, whose leases stay as they are)."""
    leasing, starting = set(lease_ids), set(start_ids)
    ids = leasing | starting
    if not ids:
        return
    values: dict[str, Any] = {}
    if leasing:
        values["leased_until"] = until if leasing == ids else case(
            (OutboxRow.id.in_(leasing), until), else_=OutboxRow.leased_until
        )  # fmt: skip
    if starting:
        values["started_at"] = now if starting == ids else case(
            (OutboxRow.id.in_(starting), now), else_=OutboxRow.started_at
        )  # fmt: skip
    await s.execute(
        update(OutboxRow).where(OutboxRow.id.in_(ids)).values(**values).execution_options(synchronize_session=False)
    )


async def interruption(s: AsyncSession, row: OutboxRow) -> Interrupted | None:
    """What a leased row's marker says: None for a row whose last attempt ended (or never began)."""
    if row.started_at is None:
        return None
    emergency = False
    if row.kind in ("send", "file") and row.request_id is not None:
        # Rare (after a crash), so looked up here rather than joined into every lease.
        emergency = bool(await s.scalar(select(RequestRow.emergency).where(RequestRow.id == row.request_id)))
    return Interrupted(row.started_at, emergency)
