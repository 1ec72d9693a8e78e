"""`/me`: a volunteer's own profile, the requests they hold, and their record."""

from __future__ import annotations

from datetime import timedelta

from handlers.chat import Outcome
from handlers.commands import ShowProfile
from handlers.context import Context
from handlers.ports import UnitOfWork

MAX_CLAIMS_SHOWN = 20


async def me(ctx: Context, uow: UnitOfWork, command: ShowProfile) -> Outcome:
    volunteer = await uow.volunteers.get(command.sender.user_id)
    if volunteer is None:
        return ctx.say("volunteer_unknown")
    since = ctx.clock.now() - timedelta(days=365)  # not .replace(year=…): there is no 29 February every year
    record = (await uow.volunteers.records([volunteer.user_id], since)).get(volunteer.user_id)
    held = await uow.requests.claimed_by(volunteer.user_id)
    lines = [ctx.texts.profile(volunteer, record)]
    if held:
        lines.append(ctx.texts.text("me_claims", count=len(held)))
        lines += [ctx.texts.text("me_claim", id=r.id, building=r.building or "") for r in held[:MAX_CLAIMS_SHOWN]]
    return Outcome("profile", detail={"claims": [r.id for r in held]}, answer="\n".join(lines))
