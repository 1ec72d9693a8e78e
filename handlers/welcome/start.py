"""`/start`: setup instructions in a group not yet configured, the guided sign-up for the deep
link t.me/<bot>?start=volunteer, a welcome otherwise."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import Help, Start
from handlers.context import Context
from handlers.ports import UnitOfWork
from handlers.volunteers.guided import begin


async def start(ctx: Context, uow: UnitOfWork, command: Start) -> Outcome:
    message = command.message
    if not message.is_private and ctx.policy.grid.compound_of_chat(message.chat_id) is None:
        return ctx.say("setup", "setup_hint", chat_id=message.chat_id)
    if message.is_private and command.call.args[:1] == ("volunteer",):
        # The deep link t.me/<bot>?start=volunteer arrives as "/start volunteer".
        return await begin(ctx, uow, command)
    return ctx.say("welcome")


async def help_(ctx: Context, uow: UnitOfWork, command: Help) -> Outcome:
    return ctx.say("help")
