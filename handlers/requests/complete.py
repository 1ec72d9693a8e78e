"""Complete: a claimer or the requester says it is done ("收好了", "thanks!", or the Done button)."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import CompleteRequest
from handlers.context import Context
from handlers.domain import Status
from handlers.domain.transitions import ACTIVE, closed, complete_refusal
from handlers.ports import UnitOfWork
from handlers.requests.shared import record, refusal


async def complete(ctx: Context, uow: UnitOfWork, command: CompleteRequest) -> Outcome:
    request, sender = command.request, command.sender
    if complete_refusal(request, sender.user_id):
        return Outcome("refused_not_yours", request.id, answer=refusal(ctx, request, "not_yours"))
    now = ctx.clock.now()
    done = await uow.requests.transition(request.id, ACTIVE, Status.DONE, now)
    if done is None:
        return Outcome("already_closed", request.id, answer=refusal(ctx, request, "already_closed"))
    await record(uow, closed(done, sender.user_id, now, command.by_button))
    return Outcome("done", request.id, toast=ctx.texts.text("thanks"), card=done)
