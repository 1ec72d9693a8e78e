"""Cancel: the requester withdraws the request ("不用了", "never mind", or the Cancel button)."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import CancelRequest
from handlers.context import Context
from handlers.domain import Status
from handlers.domain.transitions import cancel_refusal, cancels_as_release
from handlers.ports import UnitOfWork
from handlers.requests.release import release
from handlers.requests.shared import already_closed, claimers_told_cancelled, close, refusal


async def cancel(ctx: Context, uow: UnitOfWork, command: CancelRequest) -> Outcome:
    request, sender = command.request, command.sender
    if cancels_as_release(request, sender.user_id):
        return await release(ctx, uow, command)
    if cancel_refusal(request, sender.user_id):
        return Outcome("refused_not_requester", request.id, answer=refusal(ctx, request, "only_requester_cancels"))
    cancelled = await close(ctx, uow, command, Status.CANCELLED)
    if cancelled is None:
        return already_closed(ctx, request)
    told = claimers_told_cancelled(ctx, request)
    return Outcome("cancelled", request.id, toast=ctx.texts.text("cancelled_ok"), card=cancelled, tell=(told,))
