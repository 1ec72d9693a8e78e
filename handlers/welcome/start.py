"""`/start`: setup instructions in a group not yet configured, the guided sign-up for the deep
link t.me/<bot>?start=volunteer, a welcome otherwise (in private, with the full words of the
requests its sender holds whose card hides a phone number or a code)."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import Help, Start
from handlers.context import Context
from handlers.ports import UnitOfWork
from handlers.requests.claim import details_for
from handlers.volunteers.guided import begin

MAX_DETAILS = 5  # private messages at /start; more held requests than this is not a real case


async def start(ctx: Context, uow: UnitOfWork, command: Start) -> Outcome:
    message = command.message
    if not message.is_private and ctx.policy.grid.compound_of_chat(message.chat_id) is None:
        return ctx.say("setup", "setup_hint", chat_id=message.chat_id)
    if message.is_private and command.volunteer:
        # The deep link t.me/<bot>?start=volunteer arrives as "/start volunteer".
        return await begin(ctx, uow, command)
    outcome = ctx.say("welcome")
    if message.is_private:
        # A claimer who had not started the bot is sent here by the card; now it may write to them.
        held = await uow.requests.claimed_by(message.sender.user_id)
        for request in held[:MAX_DETAILS]:
            outcome.tell += details_for(ctx, request, (message.sender.user_id,))
    return outcome


async def help_(ctx: Context, uow: UnitOfWork, command: Help) -> Outcome:
    return ctx.say("help")
