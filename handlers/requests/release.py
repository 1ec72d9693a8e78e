"""Release: a claimer gives the request back ("can't make it"); it is open again for others."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import OnRequest
from handlers.context import Context
from handlers.domain.transitions import released
from handlers.ports import UnitOfWork
from handlers.requests.shared import record, refusal


async def release(ctx: Context, uow: UnitOfWork, command: OnRequest) -> Outcome:
    request, sender = command.request, command.sender
    now = ctx.clock.now()
    back = await uow.requests.release(request.id, sender.user_id, now)
    if back is None:
        return Outcome("refused_not_claimer", request.id, answer=refusal(ctx, request, "not_yours"))
    change = released(back, ctx.policy.ladder, sender.user_id, now, command.by_button)
    await uow.requests.save_progress(change.request)
    await record(uow, change)
    return Outcome("released", request.id, toast=ctx.texts.text("released_ok"), card=change.request)
