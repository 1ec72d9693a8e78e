"""Expire: an open request nobody took by the end of the ladder is closed, and the chat is told."""

from __future__ import annotations

from handlers.chat import Outcome, Outgoing, Send
from handlers.commands import Expire
from handlers.context import Context
from handlers.domain import Status
from handlers.domain.transitions import expired
from handlers.ports import UnitOfWork
from handlers.requests.shared import record


async def expire(ctx: Context, uow: UnitOfWork, command: Expire) -> Outcome:
    request = command.request
    now = ctx.clock.now()
    closed = await uow.requests.transition(request.id, (Status.OPEN,), Status.EXPIRED, now)
    if closed is None:
        return Outcome("not_due", request.id)
    await record(uow, expired(closed, now))
    notice = ctx.texts.text("expired_notice", id=request.id)
    told = Outgoing(Send(request.chat_id, notice, reply_to_message_id=request.message_id), request.id)
    return Outcome("expired", request.id, card=closed, outgoing=(told,))
