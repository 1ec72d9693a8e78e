"""What the operator's health check and metrics read from the database (bot/ops/)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.tables import OutboxRow, RequestRow


@dataclass(frozen=True, slots=True)
class Backlog:
    pending: int
    oldest: datetime | None  # when the oldest unsent message was queued


async def ping(engine: AsyncEngine) -> None:
    """Raises unless the database answers."""
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


async def outbox_backlog(engine: AsyncEngine) -> Backlog:
    async with engine.connect() as connection:
        row = (
            await connection.execute(
                select(func.count(), func.min(OutboxRow.created_at)).where(OutboxRow.status == "pending")
            )
        ).one()
    return Backlog(int(row[0] or 0), row[1])


async def requests_by_status(engine: AsyncEngine) -> dict[str, int]:
    async with engine.connect() as connection:
        rows = await connection.execute(select(RequestRow.status, func.count()).group_by(RequestRow.status))
        return {str(status): int(count) for status, count in rows}
