"""Marking outbox items sent, inside the caller's transaction (storage/outbox_queue.py): the rows,
their files, and the message id of each ref, so that edits and replies find the message."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.chat import Send
from handlers.domain.feedback import suggestion_of_ref
from storage.codec import request_of_ref
from storage.outbox_files import drop_file
from storage.queue import PendingAction
from storage.repositories._sql import insert_ignore, upsert
from storage.tables import OutboxRow, RequestMessageRow, RequestRow, SentRefRow, SuggestionRow

# Whether the request is still there (`jinlin forget` may have deleted it): its id alone, built
# once, instead of an ORM get that loads the whole row into the session for a yes or no.
_REQUEST_THERE = select(RequestRow.id).where(RequestRow.id == bindparam("request_id"))


async def mark_sent(
    s: AsyncSession, marks: Sequence[tuple[PendingAction, int | None]], now: datetime, note: str | None = None
) -> None:
    """`note`: kept as the rows' error, saying why they count as sent (assumed delivered); then
    only a row still pending is marked, never one whose call was recorded meanwhile."""
    if not marks:
        return
    # One UPDATE for the lot (an executemany, at the Core level: the ORM's bulk path costs more
    # Python than the statement), then each one's own traces. `started_at` stays: when the call began.
    table = cast(Table, OutboxRow.__table__)
    stmt = (
        update(table).where(table.c.id == bindparam("b_id"), *([table.c.status == "pending"] if note else []))
        .values(status="sent", sent_at=now, message_id=bindparam("b_message"), leased_until=None, error=note)
    )  # fmt: skip
    await s.execute(stmt, [{"b_id": item.id, "b_message": message_id} for item, message_id in marks])
    for item, message_id in marks:
        await drop_file(s, item)
        await _record_ref(s, item, message_id)


async def _record_ref(s: AsyncSession, item: PendingAction, message_id: int | None) -> None:
    action = item.action
    if not isinstance(action, Send) or action.ref is None or message_id is None:
        return
    await upsert(s, SentRefRow, {"ref": action.ref, "chat_id": action.chat_id, "message_id": message_id}, ["ref"])
    suggestion_id = suggestion_of_ref(action.ref)
    if suggestion_id is not None:
        # A reply to the suggestion then finds it (its author asking for help after all).
        await s.execute(
            update(SuggestionRow).where(SuggestionRow.id == suggestion_id).values(bot_message_id=message_id)
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        return
    request_id = request_of_ref(action.ref)
    if request_id is not None and await s.scalar(_REQUEST_THERE, {"request_id": request_id}) is not None:
        # A reply to a card or a private call then means that request.
        await insert_ignore(
            s, RequestMessageRow, {"chat_id": action.chat_id, "message_id": message_id, "request_id": request_id},
            ["chat_id", "message_id"],
        )  # fmt: skip
