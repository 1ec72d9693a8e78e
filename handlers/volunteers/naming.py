"""`/volunteer name on|off`: whether a volunteer may be thanked by name in the published results."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.context import Context
from handlers.ports import UnitOfWork


async def naming(ctx: Context, uow: UnitOfWork, user_id: int, named: bool | None) -> Outcome:
    """`named`: as read from the command; None when it did not read (the usage shows the choice)."""
    if await uow.volunteers.get(user_id) is None:
        return ctx.say("volunteer_unknown")
    if named is None:
        return ctx.say("volunteer_name_usage", "usage", named=await uow.desk.is_named(user_id))
    await uow.desk.set_named(user_id, named, ctx.clock.now())
    return ctx.say("volunteer_named" if named else "volunteer_unnamed")
