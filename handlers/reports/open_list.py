"""`/open`: the open requests of this compound (a secretary's communities, in private).

A secretary gets the desk's 需求清单 instead: oldest first, who was called, how long each has
waited, paged with buttons, and privately when asked in a group (it names people)."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import ListOpen
from handlers.context import Context
from handlers.desk.access import scope_of_message
from handlers.desk.lists import first_page
from handlers.domain.desk import DeskList
from handlers.ports import UnitOfWork
from handlers.reports.scope import scope

MAX_LISTED = 30


async def list_open(ctx: Context, uow: UnitOfWork, command: ListOpen) -> Outcome:
    if scope_of_message(ctx.policy.grid, command.message) is not None:
        return await first_page(ctx, uow, command, DeskList.OPEN)
    chats, _ = scope(ctx, command.message)
    active = await uow.requests.list_active(chats) if chats else []
    answer = ctx.texts.open_list(active[:MAX_LISTED], len(active))
    return Outcome("open_listed", detail={"count": len(active)}, answer=answer)
