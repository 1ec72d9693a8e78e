"""`/home <building>`: a resident's building, used when a request names none."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import SetHome
from handlers.context import Context
from handlers.ports import UnitOfWork
from handlers.volunteers.places import building_arg, known_buildings, known_place, place_for


async def set_home(ctx: Context, uow: UnitOfWork, command: SetHome) -> Outcome:
    message, user = command.message, command.sender
    building = building_arg(ctx, command.building)
    known = await known_place(uow, user.user_id, await uow.volunteers.get(user.user_id))
    place = place_for(ctx, message, building, known)
    if place is None:
        return ctx.say("unknown_building", building=building, known=known_buildings(ctx, message))
    await uow.people.set_home(user.user_id, building, place.compound, place.community)
    return ctx.say("home_ok", "home_set", building=building)
