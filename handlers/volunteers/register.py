"""Register by command: `/volunteer <building> [skills…]`, and `/volunteer off` · `on` to pause."""

from __future__ import annotations

from dataclasses import replace

from handlers.chat import Outcome
from handlers.commands import RegisterVolunteer
from handlers.commands.slash_people import Naming, Pause
from handlers.context import Context
from handlers.domain import Volunteer
from handlers.ports import UnitOfWork
from handlers.volunteers.guided import continue_with_skills
from handlers.volunteers.naming import naming
from handlers.volunteers.places import building_arg, known_buildings, known_place, place_for


async def register(ctx: Context, uow: UnitOfWork, command: RegisterVolunteer) -> Outcome:
    message, user, change = command.message, command.sender, command.change
    if isinstance(change, Naming):
        return await naming(ctx, uow, user.user_id, change.named)
    existing = await uow.volunteers.get(user.user_id)
    if isinstance(change, Pause):
        return await _pause(ctx, uow, existing, paused=change.paused)
    building = building_arg(ctx, change.building)
    place = place_for(ctx, message, building, await known_place(uow, user.user_id, existing))
    if place is None:
        return ctx.say("unknown_building", building=building, known=known_buildings(ctx, message))
    skills, unknown = change.skills, change.unknown
    person = await uow.people.get(user.user_id)
    started_bot = person is not None and person.started_bot
    base = existing or Volunteer(user.user_id, user.name, building, place.compound, place.community)
    registered = replace(
        base,
        name=user.name,
        building=building,
        compound=place.compound,
        community=place.community,
        skills=skills or base.skills,
        paused=False,
        started_bot=started_bot,
        registered_at=base.registered_at or ctx.clock.now(),
    )
    await uow.volunteers.save(registered)
    await uow.people.set_home(user.user_id, building, place.compound, place.community)
    detail: dict[str, object] = {"skills": sorted(registered.skills), "unknown": list(unknown)}
    # Typed in private with a building only (the grid was too big for building buttons, or they
    # prefer typing): carry on with the skill buttons instead of a dead end.
    if message.is_private and change.building_only and (skills_screen := continue_with_skills(ctx, registered)):
        return Outcome("volunteer_registered", detail=detail, outgoing=(skills_screen,))
    answer = ctx.texts.text(
        "volunteer_ok", name=user.name, building=building, skills=sorted(registered.skills), unknown=list(unknown),
        private_hint=not started_bot,
    )
    return Outcome("volunteer_registered", detail=detail, answer=answer)


async def _pause(ctx: Context, uow: UnitOfWork, existing: Volunteer | None, *, paused: bool) -> Outcome:
    if existing is None:
        return ctx.say("volunteer_unknown")
    await uow.volunteers.save(replace(existing, paused=paused))
    return ctx.say("volunteer_paused" if paused else "volunteer_resumed")
