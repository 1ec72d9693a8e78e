"""Complete: a claimer or the requester says it is done ("收好了", "thanks!", or the Done button)."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import CompleteRequest
from handlers.context import Context
from handlers.domain import Status
from handlers.domain.transitions import complete_refusal
from handlers.ports import UnitOfWork
from handlers.requests.shared import already_closed, close, refusal


async def complete(ctx: Context, uow: UnitOfWork, command: CompleteRequest) -> Outcome:
    request, sender = command.request, command.sender
    if complete_refusal(request, sender.user_id):
        return Outcome("refused_not_yours", request.id, answer=refusal(ctx, request, "not_yours"))
    done = await close(ctx, uow, command, Status.DONE)
    if done is None:
        return already_closed(ctx, request)
    return Outcome("done", request.id, toast=ctx.texts.text("thanks"), card=done)
