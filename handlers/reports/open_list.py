"""`/open`: the open requests of this compound (a secretary's communities, in private)."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import ListOpen
from handlers.context import Context
from handlers.ports import UnitOfWork
from handlers.reports.scope import scope

MAX_LISTED = 30


async def list_open(ctx: Context, uow: UnitOfWork, command: ListOpen) -> Outcome:
    chats, _ = scope(ctx, command.message)
    active = await uow.requests.list_active(chats) if chats else []
    answer = ctx.texts.open_list(active[:MAX_LISTED], len(active))
    return Outcome("open_listed", detail={"count": len(active)}, answer=answer)
