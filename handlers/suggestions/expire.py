"""Expire: nobody used the suggestion in time; it is deleted and kept as "not a request"."""

from __future__ import annotations

from handlers.chat import Delete, Outcome, Outgoing
from handlers.commands import ExpireSuggestion
from handlers.context import Context
from handlers.corrections.record import record
from handlers.domain.feedback import Reason, SuggestionStatus, chat_label, suggestion_ref
from handlers.ports import UnitOfWork


async def expire_suggestion(ctx: Context, uow: UnitOfWork, command: ExpireSuggestion) -> Outcome:
    suggestion = command.suggestion
    if await uow.suggestions.close(suggestion.id, SuggestionStatus.EXPIRED, ctx.clock.now()) is None:
        return Outcome("not_due")
    await record(
        ctx, uow, chat_id=suggestion.chat_id, message_id=suggestion.message_id, user_id=suggestion.author_id,
        text=suggestion.text, reader_label=suggestion.reader_label, label=chat_label(suggestion.reader_label),
        reason=Reason.SUGGESTION_EXPIRED, version=suggestion.reader_version,
    )
    deleted = Outgoing(Delete(suggestion.chat_id, suggestion_ref(suggestion.id)))
    return Outcome("suggestion_expired", detail={"suggestion_id": suggestion.id}, outgoing=(deleted,))
