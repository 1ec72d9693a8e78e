"""Forget a person: `jinlin forget USER_ID` (the operator), `/forget yes` in private (themselves),
`jinlin forget --resident ENTRY_ID` (a roster resident, who has no user id).

Their profile rows go, their names and words become `REMOVED`; every request keeps its status,
times, category and building, so the reports' figures do not move."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import ForgetMe, ForgetPerson, ForgetResident
from handlers.context import Context
from handlers.ports import UnitOfWork


async def forget_person(ctx: Context, uow: UnitOfWork, command: ForgetPerson) -> Outcome:
    removed = await uow.privacy.forget(command.user_id)
    return Outcome(
        "forgotten", detail={"user_id": command.user_id, "removed": removed.counts, "total": removed.total},
        answer=ctx.texts.text("forget_done", summary=removed.summary()),
    )


async def forget_resident(ctx: Context, uow: UnitOfWork, command: ForgetResident) -> Outcome:
    """A roster resident has no user id: the secretary who keeps the roster asks the operator."""
    removed = await uow.privacy.forget_resident(command.entry_id, ctx.clock.now())
    return Outcome("forgotten", detail={"entry_id": command.entry_id, "removed": removed.counts,
                                        "total": removed.total})  # fmt: skip


async def forget_me(ctx: Context, uow: UnitOfWork, command: ForgetMe) -> Outcome:
    if not command.message.is_private:
        return ctx.say("forget_private_only")  # a group would learn who asked, and the bot may lack rights
    if not command.confirmed:
        return ctx.say("forget_usage")
    return await forget_person(ctx, uow, ForgetPerson(command.sender.user_id))
