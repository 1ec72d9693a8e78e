"""Decline: a called volunteer presses "can't help"; the next-best volunteer is called instead."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import DeclineCall
from handlers.context import Context
from handlers.domain import Ring
from handlers.domain.transitions import declined
from handlers.ports import UnitOfWork
from handlers.requests.calling import call_ring


async def decline(ctx: Context, uow: UnitOfWork, command: DeclineCall) -> Outcome:
    request, sender = command.request, command.sender
    now = ctx.clock.now()
    if not request.is_open or not await uow.calls.decline(request.id, sender.user_id, now):
        return Outcome("decline_ignored", request.id, answer=ctx.texts.text("decline_noop"))
    await uow.events.add(declined(request, sender.user_id, now))
    replacement = await call_ring(ctx, uow, request, Ring(min(request.ring, Ring.COMMUNITY)), count=1)
    detail: dict[str, object] = {"replacement": replacement.user_ids}
    answer = ctx.texts.text("decline_ok")
    return Outcome("declined", request.id, detail, answer=answer, card=request, outgoing=replacement.outgoing)
