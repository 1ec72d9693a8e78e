"""`/volunteers` (资源清单) and `/concerns` (民情清单) for secretaries, and ◀ ▶ under any desk list.
(`/open` is handlers/reports/open_list.py: residents see it too.)"""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import ListConcerns, ListVolunteers, Slash, TurnPage
from handlers.context import Context
from handlers.desk.pages import build, pager
from handlers.desk.roles import scope_of, scope_of_message
from handlers.desk.show import privately, redraw, token_of
from handlers.domain.desk import DeskList
from handlers.ports import UnitOfWork


async def first_page(ctx: Context, uow: UnitOfWork, command: Slash, kind: DeskList) -> Outcome:
    scope = scope_of_message(ctx.policy.grid, command.message)
    if scope is None:
        return ctx.say("desk_refused")
    page = await build(ctx, uow, kind, scope, 0)
    keyboard = pager(ctx, kind, page.paged, scope, token_of(command))
    detail: dict[str, object] = {"total": page.paged.total, "pages": page.paged.pages}
    name = f"{kind.name.lower()}_listed"
    return await privately(ctx, uow, command, name, ctx.texts.desk_page(page), keyboard, detail)


async def list_volunteers(ctx: Context, uow: UnitOfWork, command: ListVolunteers) -> Outcome:
    return await first_page(ctx, uow, command, DeskList.VOLUNTEERS)


async def list_concerns(ctx: Context, uow: UnitOfWork, command: ListConcerns) -> Outcome:
    return await first_page(ctx, uow, command, DeskList.CONCERNS)


async def turn_page(ctx: Context, uow: UnitOfWork, command: TurnPage) -> Outcome:
    press = command.press
    scope = scope_of(ctx.policy.grid, command.sender.user_id, press.scope)
    if scope is None:
        return ctx.say("desk_refused")
    page = await build(ctx, uow, press.list, scope, press.page)
    keyboard = pager(ctx, press.list, page.paged, scope, press.token)
    detail: dict[str, object] = {"page": page.paged.page}
    text = ctx.texts.desk_page(page)
    return redraw(command.chat_id, press.token, text, keyboard, "page_turned", detail=detail)
