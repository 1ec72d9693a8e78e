"""Accept: the author pressed "ask the neighbours" or replied to the question: the request opens
(handlers/requests/ask.py `force`) and the question is deleted."""

from __future__ import annotations

from handlers.chat import ChatMessage, Delete, Outcome, Outgoing
from handlers.commands import AcceptSuggestion
from handlers.context import Context
from handlers.domain.feedback import Reason, SuggestionStatus, suggestion_ref
from handlers.ports import UnitOfWork
from handlers.requests.ask import force


async def accept(ctx: Context, uow: UnitOfWork, command: AcceptSuggestion) -> Outcome:
    suggestion, sender = command.suggestion, command.sender
    detail: dict[str, object] = {"suggestion_id": suggestion.id}
    if sender.user_id != suggestion.author_id:
        return Outcome("suggestion_not_yours", detail=detail, answer=ctx.texts.text("suggest_not_yours"))
    now = ctx.clock.now()
    if await uow.suggestions.close(suggestion.id, SuggestionStatus.USED, now) is None:
        return Outcome("suggestion_closed", detail=detail, answer=ctx.texts.text("suggest_gone"))
    text = suggestion.text if command.more is None else f"{suggestion.text}\n{command.more}"
    original = ChatMessage(
        update_id=0, chat_id=suggestion.chat_id, is_private=False, message_id=suggestion.message_id,
        sender=sender, text=text, at=now,
    )
    reason = Reason.SUGGESTION_ACCEPTED if command.more is None else Reason.FORCED_REPLY
    outcome = await force(ctx, uow, original, reason, prior=suggestion)
    outcome.preceded_by((Outgoing(Delete(suggestion.chat_id, suggestion_ref(suggestion.id))),))
    outcome.toast = ctx.texts.text("suggest_ok")  # on the button; the card answers the words
    return outcome
