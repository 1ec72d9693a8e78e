"""A file's bytes beside its outbox row (outbox_files): put back when leased, dropped once done."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.chat import SendFile
from storage.queue import PendingAction
from storage.tables_reports import OutboxFileRow


async def with_file(s: AsyncSession, item: PendingAction) -> PendingAction:
    """A SendFile with its bytes back from outbox_files (they are not in the payload)."""
    if not isinstance(item.action, SendFile):
        return item
    data = await s.scalar(select(OutboxFileRow.data).where(OutboxFileRow.outbox_id == item.id))
    return replace(item, action=replace(item.action, file=replace(item.action.file, data=data or b"")))


async def drop_file(s: AsyncSession, item: PendingAction) -> None:
    # Sent or given up, the bytes are no longer needed; the row keeps the file's name.
    if isinstance(item.action, SendFile):
        await s.execute(delete(OutboxFileRow).where(OutboxFileRow.outbox_id == item.id))
