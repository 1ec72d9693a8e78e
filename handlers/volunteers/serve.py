"""`/serve`: 双报到, "I also serve here", said in a group of the other community (`/serve off` undoes it)."""

from __future__ import annotations

from dataclasses import replace

from handlers.chat import Outcome
from handlers.commands import Serve
from handlers.context import Context
from handlers.ports import UnitOfWork
from handlers.volunteers.hours import volunteer_of

MAX_ALSO_SERVES = 5


async def serve(ctx: Context, uow: UnitOfWork, command: Serve) -> Outcome:
    message, off = command.message, command.off
    compound = None if message.is_private else ctx.policy.grid.compound_of_chat(message.chat_id)
    if compound is None:
        return ctx.say("serve_usage")  # said in a group of the community served, or it means nothing
    volunteer = await volunteer_of(uow, command)
    if volunteer is None:
        return ctx.say("volunteer_unknown")
    here = compound.community
    if here == volunteer.community:
        return ctx.say("serve_home", community=here)
    if off:
        await uow.volunteers.save(replace(volunteer, also_serves=tuple(c for c in volunteer.also_serves if c != here)))
        return ctx.say("serve_off_ok", community=here)
    if here not in volunteer.also_serves:
        if len(volunteer.also_serves) >= MAX_ALSO_SERVES:
            return ctx.say("serve_too_many", most=MAX_ALSO_SERVES)
        await uow.volunteers.save(replace(volunteer, also_serves=(*volunteer.also_serves, here)))
    return ctx.say("serve_ok", community=here)
