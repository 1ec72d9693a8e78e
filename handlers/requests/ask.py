"""Ask: `/ask TEXT` opens a request whatever the reader makes of the words; `force` is that, for
the suggestion's button and its author's reply too (handlers/suggestions/accept.py)."""

from __future__ import annotations

from dataclasses import replace

from handlers.chat import ChatMessage, Outcome
from handlers.commands import Ask
from handlers.context import Context
from handlers.corrections.record import record
from handlers.domain import Kind
from handlers.domain.feedback import Reason, Suggestion, disagrees, request_label
from handlers.domain.reader_log import explain
from handlers.ports import UnitOfWork
from handlers.requests.post import open_request


async def ask(ctx: Context, uow: UnitOfWork, command: Ask) -> Outcome:
    if command.in_private:
        return ctx.say("ask_group_only")
    # The card replies to the command; the request's words are what follows /ask.
    return await force(ctx, uow, replace(command.message, text=command.text), Reason.FORCED_ASK)


async def force(
    ctx: Context, uow: UnitOfWork, message: ChatMessage, reason: Reason, *, prior: Suggestion | None = None
) -> Outcome:
    """Open a request for `message` as if the reader had read it as one. With `prior` (the
    suggestion it answers) the correction is about the suggested message and the reader's verdict
    then, which was unsure: always a correction."""
    existing = await uow.requests.by_message(message.chat_id, message.message_id)
    if existing is not None:
        return Outcome("already_posted", existing.id)
    reading = ctx.read(message.text)
    forced = replace(reading, kind=Kind.REQUEST, unsure=False, urgent=reading.urgent or reading.emergency)
    outcome = await open_request(ctx, uow, message, forced, {"forced": reason.value, **explain(reading)})
    if prior is not None or disagrees(reading):
        await record(
            ctx, uow, chat_id=message.chat_id, message_id=message.message_id, user_id=message.sender.user_id,
            text=prior.text if prior else message.text,
            reader_label=prior.reader_label if prior else reading.as_label(),
            label=request_label(forced), reason=reason,
            version=prior.reader_version if prior else reading.version, request_id=outcome.request_id,
        )
    return outcome
