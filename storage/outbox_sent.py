"""Marking outbox items sent, inside the caller's transaction (storage/outbox_queue.py): the rows,
their files, and the message id of each ref, so that edits and replies find the message."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, Text, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.chat import Send
from handlers.domain.feedback import suggestion_of_ref
from storage.codec import request_of_ref
from storage.outbox_files import drop_file
from storage.queue import PendingAction
from storage.repositories._sql import for_session, per_dialect
from storage.tables import OutboxRow, RequestMessageRow, RequestRow, SentRefRow, SuggestionRow

_OUTBOX = cast(Table, OutboxRow.__table__)
_REFS = cast(Table, SentRefRow.__table__)
_LINKS = cast(Table, RequestMessageRow.__table__)
_REQUESTS = cast(Table, RequestRow.__table__)
_SUGGESTIONS = cast(Table, SuggestionRow.__table__)


def _mark(noted: bool) -> Any:
    # `noted`: a row is marked only while still pending (assumed delivered, never over a recorded call).
    guard = [_OUTBOX.c.status == "pending"] if noted else []
    return (
        update(_OUTBOX).where(_OUTBOX.c.id == bindparam("b_id"), *guard)
        .values(status="sent", sent_at=bindparam("b_now", type_=_OUTBOX.c.sent_at.type),
                message_id=bindparam("b_message"), leased_until=None, error=bindparam("b_note", type_=Text()))
    )  # fmt: skip


def _ref_upsert(dialect: Any) -> Any:
    stmt = dialect.insert(_REFS)
    return stmt.on_conflict_do_update(
        index_elements=["ref"], set_={"chat_id": stmt.excluded.chat_id, "message_id": stmt.excluded.message_id}
    )


def _link(dialect: Any) -> Any:
    # The card's or call's message means its request from now on, if the request is still there
    # (`jinlin forget` may have deleted it): the look and the insert in one statement.
    there = select(
        bindparam("chat_id", type_=_LINKS.c.chat_id.type), bindparam("message_id", type_=_LINKS.c.message_id.type),
        _REQUESTS.c.id,
    ).where(_REQUESTS.c.id == bindparam("request_id"))
    return (
        dialect.insert(_LINKS).from_select(["chat_id", "message_id", "request_id"], there)
        .on_conflict_do_nothing(index_elements=["chat_id", "message_id"])
    )  # fmt: skip


# Built once (per dialect where ON CONFLICT is spelt through its own class), values bound: each is
# compiled once and run as one executemany for all the marks of a lease.
_MARK = {False: _mark(False), True: _mark(True)}
_REF_UPSERT = per_dialect(_ref_upsert)
_LINK = per_dialect(_link)
_SUGGESTION_MESSAGE = (
    update(_SUGGESTIONS).where(_SUGGESTIONS.c.id == bindparam("b_id")).values(bot_message_id=bindparam("b_message"))
)


async def mark_sent(
    s: AsyncSession, marks: Sequence[tuple[PendingAction, int | None]], now: datetime, note: str | None = None
) -> None:
    """`note`: kept as the rows' error, saying why they count as sent (assumed delivered); then
    only a row still pending is marked, never one whose call was recorded meanwhile."""
    if not marks:
        return
    # One UPDATE for the lot (an executemany, at the Core level: the ORM's bulk path costs more
    # Python than the statement), then the refs' traces, an executemany each. `started_at` stays:
    # when the call began.
    await s.execute(
        _MARK[note is not None],
        [{"b_id": item.id, "b_message": message_id, "b_now": now, "b_note": note} for item, message_id in marks],
    )
    refs, links, suggestions = [], [], []
    for item, message_id in marks:
        await drop_file(s, item)
        action = item.action
        if not isinstance(action, Send) or action.ref is None or message_id is None:
            continue
        refs.append({"ref": action.ref, "chat_id": action.chat_id, "message_id": message_id})
        suggestion_id = suggestion_of_ref(action.ref)
        request_id = request_of_ref(action.ref) if suggestion_id is None else None
        if suggestion_id is not None:
            # A reply to the suggestion then finds it (its author asking for help after all).
            suggestions.append({"b_id": suggestion_id, "b_message": message_id})
        elif request_id is not None:
            # A reply to a card or a private call then means that request.
            links.append({"chat_id": action.chat_id, "message_id": message_id, "request_id": request_id})
    if not refs:
        return
    await s.execute(for_session(_REF_UPSERT, s), refs)
    if suggestions:
        await s.execute(_SUGGESTION_MESSAGE, suggestions)
    if links:
        await s.execute(for_session(_LINK, s), links)
