"""Escalate: nobody took it in time, so the ladder calls the next ring out (building → compound →
community); at the secretaries' ring they are told, and so, once, is the requester."""

from __future__ import annotations

from handlers.chat import Outcome, Send
from handlers.commands import Escalate
from handlers.context import Context
from handlers.domain import Ring
from handlers.domain.transitions import escalated
from handlers.ports import UnitOfWork
from handlers.requests.calling import call_ring
from handlers.requests.shared import record, reschedule, tell_secretaries


async def escalate(ctx: Context, uow: UnitOfWork, command: Escalate) -> Outcome:
    request, target = command.request, command.ring
    called = [v.user_id for v in await call_ring(ctx, uow, request, Ring(min(target, Ring.COMMUNITY)))]
    change = escalated(request, target, called, ctx.clock.now())
    wider = change.request
    await record(uow, change)
    if target is Ring.SECRETARY:
        await tell_secretaries(ctx, uow, wider, "escalated_to_secretary")
        if wider.requester_told_waiting and not request.requester_told_waiting:
            await uow.outbox.add(
                Send(wider.chat_id, ctx.texts.text("still_looking", id=wider.id), reply_to_message_id=wider.message_id),
                request_id=wider.id,
            )
    await reschedule(ctx, uow, wider)
    return Outcome("escalated", request.id, {"ring": int(target), "called": called}, card=wider)
