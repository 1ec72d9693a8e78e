"""Cancel: the requester withdraws the request ("不用了", "never mind", or the Cancel button)."""

from __future__ import annotations

from handlers.chat import Outcome, Tell
from handlers.commands import CancelRequest
from handlers.context import Context
from handlers.domain import Status
from handlers.domain.transitions import ACTIVE, cancel_refusal, cancels_as_release, closed
from handlers.ports import UnitOfWork
from handlers.requests.release import release
from handlers.requests.shared import record, refusal


async def cancel(ctx: Context, uow: UnitOfWork, command: CancelRequest) -> Outcome:
    request, sender = command.request, command.sender
    if cancels_as_release(request, sender.user_id):
        return await release(ctx, uow, command)
    if cancel_refusal(request, sender.user_id):
        return Outcome("refused_not_requester", request.id, answer=refusal(ctx, request, "only_requester_cancels"))
    now = ctx.clock.now()
    cancelled = await uow.requests.transition(request.id, ACTIVE, Status.CANCELLED, now)
    if cancelled is None:
        return Outcome("already_closed", request.id, answer=refusal(ctx, request, "already_closed"))
    await record(uow, closed(cancelled, sender.user_id, now, command.by_button))
    # Those on their way should not find out from the group, or not at all.
    told = Tell(request.claimers, ctx.texts.text("claim_cancelled_by_requester", id=request.id))
    return Outcome("cancelled", request.id, toast=ctx.texts.text("cancelled_ok"), card=cancelled, tell=(told,))
