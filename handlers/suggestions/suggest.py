"""Suggest: reply once to an unsure message with the question and its button."""

from __future__ import annotations

from handlers.chat import Button, Outcome, Outgoing, Send
from handlers.commands import Suggest
from handlers.context import Context
from handlers.domain.feedback import Suggestion, suggestion_button, suggestion_ref
from handlers.domain.reader_log import explain
from handlers.ports import UnitOfWork


async def suggest(ctx: Context, uow: UnitOfWork, command: Suggest) -> Outcome:
    message, reading = command.message, command.reading
    if await uow.suggestions.by_message(message.chat_id, message.message_id) is not None:
        return Outcome("suggestion_exists")
    now = ctx.clock.now()
    suggestion_id = await uow.suggestions.add(
        Suggestion(
            0, message.chat_id, message.message_id, message.sender.user_id, message.sender.name, message.text,
            reading.as_label(), reading.version, now, now + ctx.policy.suggestion_timeout,
        )
    )
    keyboard = ((Button(ctx.texts.text("btn_suggest_ask"), suggestion_button(suggestion_id)),),)
    question = Send(
        message.chat_id, ctx.texts.text("suggest_ask"), keyboard, reply_to_message_id=message.message_id,
        ref=suggestion_ref(suggestion_id),
    )
    detail: dict[str, object] = {"suggestion_id": suggestion_id, **explain(reading)}
    return Outcome("suggested", detail=detail, outgoing=(Outgoing(question),))
