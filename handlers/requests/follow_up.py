"""Follow up: claimed and not done in time, the claimers are asked (privately where the bot may
write to them, else in the group); later still, the secretaries are told it is overdue."""

from __future__ import annotations

from handlers.chat import Outcome, Send
from handlers.commands import FollowUp
from handlers.context import Context
from handlers.domain import Request
from handlers.domain.transitions import followed_up
from handlers.ports import UnitOfWork
from handlers.requests.shared import record, reschedule, tell_secretaries


async def follow_up(ctx: Context, uow: UnitOfWork, command: FollowUp) -> Outcome:
    change = followed_up(command.request, command.reached, ctx.clock.now())
    request = change.request
    if command.reached == 1:
        await _ask_claimers(ctx, uow, request)
    else:
        await tell_secretaries(ctx, uow, request, "overdue_to_secretary")
    await record(uow, change)
    await reschedule(ctx, uow, request)
    return Outcome("followed_up" if command.reached == 1 else "reported_overdue", request.id)


async def _ask_claimers(ctx: Context, uow: UnitOfWork, request: Request) -> None:
    text, keyboard = ctx.texts.follow_up(request)
    unreachable = False
    for user_id in request.claimers:
        person = await uow.people.get(user_id)
        if person is not None and person.started_bot:
            await uow.outbox.add(Send(user_id, text, keyboard), request_id=request.id)
        else:
            unreachable = True
    if unreachable:
        # The bot cannot write privately to someone who never started it: ask in the group.
        await uow.outbox.add(
            Send(request.chat_id, text, keyboard, reply_to_message_id=request.message_id), request_id=request.id
        )
