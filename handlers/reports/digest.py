"""The secretaries' morning digest, privately: each community's open and overdue requests by
building, the concerns awaiting action, and the visits due today. Nothing is sent for a
community with nothing to say."""

from __future__ import annotations

from handlers.chat import Outcome, Outgoing, Send
from handlers.commands import SendDigests
from handlers.context import Context
from handlers.domain.visits import standing
from handlers.ports import UnitOfWork


async def digest(ctx: Context, uow: UnitOfWork, command: SendDigests) -> Outcome:
    outgoing: list[Outgoing] = []
    now, cadence, tz = ctx.clock.now(), ctx.policy.visits, ctx.policy.timezone
    for community in ctx.policy.grid.communities:
        if not community.secretaries:
            continue
        chats = [chat for compound in community.compounds for chat in compound.chats]
        active = await uow.requests.list_active(chats) if chats else []
        # The concerns table records concerns as raised; all of them still await a secretary.
        concerns = await uow.lists.concerns(community.name)
        entries = await uow.rosters.active([community.name])
        visits = [s for s in (standing(e, now, cadence, tz) for e in entries) if s.due_today or s.overdue]
        if not (active or concerns or visits):
            continue
        ordered = sorted(active, key=lambda r: (r.building or "", r.posted_at))
        text = ctx.texts.digest(community.name, ordered, concerns, visits)
        outgoing.extend(Outgoing(Send(secretary, text)) for secretary in community.secretaries)
    return Outcome("digest", detail={"sent": len(outgoing)}, outgoing=tuple(outgoing))
