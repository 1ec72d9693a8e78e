"""Follow up: claimed and not done in time, the claimers are asked (privately where the bot may
write to them, else in the group); later still, the secretaries are told it is overdue."""

from __future__ import annotations

from handlers.chat import Outcome, Send, Tell
from handlers.commands import FollowUp
from handlers.context import Context
from handlers.domain.transitions import followed_up
from handlers.ports import UnitOfWork
from handlers.requests.shared import record, reschedule, tell_secretaries


async def follow_up(ctx: Context, uow: UnitOfWork, command: FollowUp) -> Outcome:
    change = followed_up(command.request, command.reached, ctx.clock.now())
    request = change.request
    await record(uow, change)
    await reschedule(ctx, uow, request)
    if command.reached == 1:
        text, keyboard = ctx.texts.follow_up(request)
        # The bot cannot write privately to someone who never started it: ask in the group,
        # where the request's phone numbers and codes stay masked.
        group_text, _ = ctx.texts.follow_up(request, in_group=True)
        in_group = Send(request.chat_id, group_text, keyboard, reply_to_message_id=request.message_id)
        ask = Tell(request.claimers, text, keyboard, fallback=in_group)
        return Outcome("followed_up", request.id, tell=(ask,))
    return Outcome("reported_overdue", request.id, outgoing=tell_secretaries(ctx, request, "overdue_to_secretary"))
