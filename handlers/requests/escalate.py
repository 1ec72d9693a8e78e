"""Escalate: nobody took it in time, so the ladder calls the next ring out (building → compound →
community); at the secretaries' ring they are told, and so, once, is the requester."""

from __future__ import annotations

from handlers.chat import Outcome, Outgoing, Send
from handlers.commands import Escalate
from handlers.context import Context
from handlers.domain import Ring
from handlers.domain.transitions import escalated
from handlers.ports import UnitOfWork
from handlers.requests.calling import call_ring
from handlers.requests.shared import record, reschedule, tell_secretaries


async def escalate(ctx: Context, uow: UnitOfWork, command: Escalate) -> Outcome:
    request, target = command.request, command.ring
    calls = await call_ring(ctx, uow, request, Ring(min(target, Ring.COMMUNITY)))
    change = escalated(request, target, calls.user_ids, ctx.clock.now())
    wider = change.request
    await record(uow, change)
    outgoing = calls.outgoing
    if target is Ring.SECRETARY:
        outgoing += tell_secretaries(ctx, wider, "escalated_to_secretary")
        if wider.requester_told_waiting and not request.requester_told_waiting:
            waiting = ctx.texts.text("still_looking", id=wider.id)
            outgoing += (Outgoing(Send(wider.chat_id, waiting, reply_to_message_id=wider.message_id), wider.id),)
    await reschedule(ctx, uow, wider)
    detail: dict[str, object] = {"ring": int(target), "called": calls.user_ids}
    return Outcome("escalated", request.id, detail, card=wider, outgoing=outgoing)
