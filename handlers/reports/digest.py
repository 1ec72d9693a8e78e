"""The secretaries' daily digest: what is still open or overdue, by building, oldest first."""

from __future__ import annotations

from handlers.chat import Outcome, Send
from handlers.commands import SendDigests
from handlers.context import Context
from handlers.ports import UnitOfWork


async def digest(ctx: Context, uow: UnitOfWork, command: SendDigests) -> Outcome:
    sent = 0
    for community in ctx.policy.grid.communities:
        chats = [chat for compound in community.compounds for chat in compound.chats]
        active = await uow.requests.list_active(chats) if chats else []
        if not active:
            continue
        ordered = sorted(active, key=lambda r: (r.building or "", r.posted_at))
        text = ctx.texts.digest(community.name, ordered)
        for secretary in community.secretaries:
            await uow.outbox.add(Send(secretary, text))
            sent += 1
    return Outcome("digest", detail={"sent": sent})
