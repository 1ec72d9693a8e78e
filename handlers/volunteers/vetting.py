"""`/vet <user id>` · `/vet off <user id>`: a secretary of the volunteer's own community vouches
for them (a vetted volunteer may be called first for requests that enter a home)."""

from __future__ import annotations

from dataclasses import replace

from handlers.chat import Outcome
from handlers.commands import Vet
from handlers.context import Context
from handlers.ports import UnitOfWork


async def vet(ctx: Context, uow: UnitOfWork, command: Vet) -> Outcome:
    off = command.off
    grid = ctx.policy.grid
    sender = command.sender.user_id
    # Say nothing about who is registered to someone who could not vet anyone anyway.
    if not grid.is_secretary(sender):
        return ctx.say("vet_refused")
    volunteer = await uow.volunteers.get(command.user_id)
    if volunteer is None:
        return ctx.say("vet_unknown", user_id=command.user_id)
    if not grid.is_secretary(sender, volunteer.community):
        return ctx.say("vet_refused")
    await uow.volunteers.save(replace(volunteer, vetted=not off))
    return ctx.say("unvet_ok" if off else "vet_ok", name=volunteer.name)
