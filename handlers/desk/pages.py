"""The three lists, one page at a time: what `/open`, `/volunteers` and `/concerns` show, and ◀ ▶."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers.chat import Button, Keyboard
from handlers.context import Context
from handlers.desk.roles import Scope
from handlers.domain import Request, Volunteer
from handlers.domain.concerns import Matter, agenda_order
from handlers.domain.desk import (
    DeskItem,
    DeskList,
    DeskPage,
    OfferItem,
    OpenItem,
    Paged,
    VolunteerItem,
    offer_item,
    page_data,
    paginate,
    volunteer_order,
)
from handlers.ports import UnitOfWork

# A volunteer's record on the roster counts every claim they ever made.
_EVER = datetime(1970, 1, 1, tzinfo=UTC)


async def build(ctx: Context, uow: UnitOfWork, kind: DeskList, scope: Scope, page: int) -> DeskPage:
    items: list[DeskItem]
    if kind is DeskList.OPEN:
        active = await uow.requests.list_active(scope.chats) if scope.chats else []
        shown, paged = paginate(active, page, ctx.policy.page_size)
        items = [await _open_item(uow, r) for r in shown]
        return DeskPage(kind, tuple(items), paged, scope.place)
    if kind is DeskList.VOLUNTEERS:
        everyone: list[Volunteer | OfferItem] = [*await _volunteers(uow, scope), *await _offers(ctx, uow, scope)]
        shown_v, paged = paginate(everyone, page, ctx.policy.page_size)
        records = await uow.volunteers.records([v.user_id for v in shown_v if isinstance(v, Volunteer)], _EVER)
        items = [VolunteerItem(v, records[v.user_id]) if isinstance(v, Volunteer) else v for v in shown_v]
        return DeskPage(kind, tuple(items), paged, scope.place)
    matters = await concern_list(uow, scope)
    shown_m, paged = paginate(matters, page, ctx.policy.page_size)
    return DeskPage(kind, tuple(shown_m), paged, scope.place)


async def concern_list(uow: UnitOfWork, scope: Scope) -> list[Matter]:
    """Open concerns most-raised first, then the closed ones, the latest closed first."""
    matters = await uow.concern_book.listed(scope.communities, scope.compound.name if scope.compound else None)
    closed = sorted((m for m in matters if not m.status.is_open), key=lambda m: (m.closed_at or m.last_at, m.id))
    return [*agenda_order(m for m in matters if m.status.is_open), *reversed(closed)]


async def _open_item(uow: UnitOfWork, request: Request) -> OpenItem:
    declined = await uow.calls.declined(request.id)
    names = []
    for user_id in sorted(await uow.calls.called(request.id) - declined):
        volunteer = await uow.volunteers.get(user_id)
        names.append(volunteer.name if volunteer else str(user_id))
    return OpenItem(request, tuple(names), len(declined))


async def _volunteers(uow: UnitOfWork, scope: Scope) -> list[Volunteer]:
    found: dict[int, Volunteer] = {}
    for community in scope.communities:
        for volunteer in await uow.volunteers.serving(community):
            if scope.compound is None or volunteer.compound == scope.compound.name:
                found[volunteer.user_id] = volunteer
    return volunteer_order(list(found.values()))


async def _offers(ctx: Context, uow: UnitOfWork, scope: Scope) -> list[OfferItem]:
    now = ctx.clock.now()
    offers = await uow.lists.offers(scope.chats) if scope.chats else []
    items = [offer_item(o, ctx.policy.offer_lifetime, now) for o in offers]
    return [i for i in items if i.valid] + [i for i in items if not i.valid]  # still valid first


def pager(ctx: Context, kind: DeskList, paged: Paged, scope: Scope, token: int) -> Keyboard:
    row: list[Button] = []
    if paged.page > 0:
        row.append(Button(ctx.texts.text("btn_page_back"), page_data(kind, paged.page - 1, scope.chat, token)))
    if paged.page + 1 < paged.pages:
        row.append(Button(ctx.texts.text("btn_page_next"), page_data(kind, paged.page + 1, scope.chat, token)))
    return (tuple(row),) if row else ()
