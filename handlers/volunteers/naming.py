"""`/volunteer name on|off`: whether a volunteer may be thanked by name in the published results."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import RegisterVolunteer
from handlers.context import Context
from handlers.ports import UnitOfWork

ON, OFF = ("on", "yes", "开", "是"), ("off", "no", "关", "否")


async def naming(ctx: Context, uow: UnitOfWork, command: RegisterVolunteer) -> Outcome:
    user_id = command.sender.user_id
    if await uow.volunteers.get(user_id) is None:
        return ctx.say("volunteer_unknown")
    words = [a.lower() for a in command.call.args[1:]]
    if len(words) != 1 or words[0] not in ON + OFF:
        named = await uow.desk.is_named(user_id)
        return ctx.say("volunteer_name_usage", "usage", named=named)
    named = words[0] in ON
    await uow.desk.set_named(user_id, named, ctx.clock.now())
    return ctx.say("volunteer_named" if named else "volunteer_unnamed")
