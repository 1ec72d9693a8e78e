"""When a volunteer can be called: `/hours` (daily windows), `/quiet` (quiet hours), `/load`
(most requests held at once). For everything the guided sign-up's buttons cannot say; what was
typed is read into the command (handlers/commands/slash_people.py)."""

from __future__ import annotations

from dataclasses import replace

from handlers.chat import Outcome
from handlers.commands import SetHours, SetLoad, SetQuiet, Slash
from handlers.context import Context
from handlers.domain import Volunteer
from handlers.domain.hours import format_window
from handlers.ports import UnitOfWork


async def volunteer_of(uow: UnitOfWork, command: Slash) -> Volunteer | None:
    return await uow.volunteers.get(command.sender.user_id)


async def hours(ctx: Context, uow: UnitOfWork, command: SetHours) -> Outcome:
    volunteer = await volunteer_of(uow, command)
    if volunteer is None:
        return ctx.say("volunteer_unknown")
    windows = command.windows
    await uow.volunteers.save(replace(volunteer, hours=windows))
    if not windows:
        return ctx.say("hours_any_ok")
    return ctx.say("hours_ok", hours=", ".join(format_window(w) for w in windows))


async def quiet(ctx: Context, uow: UnitOfWork, command: SetQuiet) -> Outcome:
    volunteer = await volunteer_of(uow, command)
    if volunteer is None:
        return ctx.say("volunteer_unknown")
    window = command.window
    await uow.volunteers.save(replace(volunteer, quiet=window))
    if window is None:
        return ctx.say("quiet_off_ok")
    return ctx.say("quiet_ok", quiet=format_window(window))


async def load(ctx: Context, uow: UnitOfWork, command: SetLoad) -> Outcome:
    volunteer = await volunteer_of(uow, command)
    if volunteer is None:
        return ctx.say("volunteer_unknown")
    await uow.volunteers.save(replace(volunteer, max_open_claims=command.load))
    return ctx.say("load_ok", n=command.load)
