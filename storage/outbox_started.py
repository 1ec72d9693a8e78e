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
from typing import Any, cast

from sqlalchemy import BindParameter, Row, Table, bindparam, case, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.queue import Interrupted
from storage.tables import OutboxRow, RequestRow


def _lease_and_start() -> Any:
    o = cast(Table, OutboxRow.__table__).c
    leasing: BindParameter[list[int]] = bindparam("leasing", expanding=True)
    starting: BindParameter[list[int]] = bindparam("starting", expanding=True)
    return (
        update(o.id.table).where(o.id.in_(bindparam("ids", expanding=True)))
        .values(
            leased_until=case((o.id.in_(leasing), bindparam("until", type_=o.leased_until.type)), else_=o.leased_until),
            started_at=case((o.id.in_(starting), bindparam("now", type_=o.started_at.type)), else_=o.started_at),
        )
    )  # fmt: skip


# Built once, its values bound (the id lists expand): compiled once, not built per lease.
_LEASE_AND_START = _lease_and_start()


async def lease_and_start(
    s: AsyncSession, lease_ids: Collection[int], until: datetime, start_ids: Collection[int], now: datetime
) -> None:
    """Lease `lease_ids` until `until` and mark `start_ids` started at `now`, in one UPDATE (the
    items started may include ones leased earlier, whose leases stay as they are)."""
    leasing, starting = set(lease_ids), set(start_ids)
    ids = leasing | starting
    if not ids:
        return
    params = {"ids": sorted(ids), "leasing": sorted(leasing), "starting": sorted(starting), "until": until, "now": now}
    await s.execute(_LEASE_AND_START, params)


async def interruption(s: AsyncSession, row: Row[Any]) -> Interrupted | None:
    """What a leased row's marker says: None for a row whose last attempt ended (or never began)."""
    if row.started_at is None:
        return None
    emergency = False
    if row.kind in ("send", "file") and row.request_id is not None:
        # Rare (after a crash), so looked up here rather than joined into every lease.
        emergency = bool(await s.scalar(select(RequestRow.emergency).where(RequestRow.id == row.request_id)))
    return Interrupted(row.started_at, emergency)
