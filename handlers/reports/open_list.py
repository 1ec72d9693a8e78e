"""`/open`: the open requests of this compound.

A secretary gets the desk's 需求清单 instead: oldest first, who was called, how long each has
waited, paged with buttons, and privately when asked in a group (it names people)."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import ListOpen
from handlers.context import Context
from handlers.desk.lists import first_page
from handlers.desk.roles import scope_of_message
from handlers.domain.desk import DeskList
from handlers.ports import UnitOfWork

MAX_LISTED = 30


async def list_open(ctx: Context, uow: UnitOfWork, command: ListOpen) -> Outcome:
    if scope_of_message(ctx.policy.grid, command.message) is not None:
        return await first_page(ctx, uow, command, DeskList.OPEN)
    # Not a secretary: the open requests of this group's compound (in private, none to show).
    compound = None if command.message.is_private else ctx.policy.grid.compound_of_chat(command.message.chat_id)
    chats = list(compound.chats) if compound else []
    active = await uow.requests.list_active(chats) if chats else []
    answer = ctx.texts.open_list(active[:MAX_LISTED], len(active))
    return Outcome("open_listed", detail={"count": len(active)}, answer=answer)
