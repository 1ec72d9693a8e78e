"""Post: a neighbour's words read as a request become a tracked request with a card, and the
nearest suitable volunteers are called (an emergency: the chat is told to call for help first)."""

from __future__ import annotations

from collections.abc import Mapping

from handlers.chat import ChatMessage, Outcome, Outgoing, Send, card_ref
from handlers.commands import PostRequest
from handlers.context import Context
from handlers.domain import Place, Request, Ring, Status
from handlers.domain.reader_log import explain
from handlers.domain.transitions import posted, stored
from handlers.ports import UnitOfWork
from handlers.requests.calling import call_ring
from handlers.understanding import Reading


async def post(ctx: Context, uow: UnitOfWork, command: PostRequest) -> Outcome:
    message = command.message
    existing = await uow.requests.by_message(message.chat_id, message.message_id)
    if existing is not None:
        # The same message in a second update (a replay, a client resending): one request, one card.
        return Outcome("already_posted", existing.id)
    return await open_request(ctx, uow, message, command.reading, command.log)


async def open_request(
    ctx: Context, uow: UnitOfWork, message: ChatMessage, reading: Reading, log: Mapping[str, object]
) -> Outcome:
    """The request of `message` as `reading` reads it (also forced: /ask, a suggestion accepted);
    `log` goes into the posted event beside the reader's verdict."""
    compound = ctx.policy.grid.compound_of_chat(message.chat_id)
    assert compound is not None, "only configured chats post requests"
    building = reading.building
    if building is None:
        person = await uow.people.get(message.sender.user_id)
        building = person.home_building if person else None
    place = _place(ctx, building, message.chat_id, compound.community)
    draft = Request(
        id=0,
        chat_id=message.chat_id,
        message_id=message.message_id,
        requester_id=message.sender.user_id,
        requester_name=message.sender.name,
        forwarded_from=message.forwarded_from,
        text=message.text,
        category=reading.category or "other",
        building=building,
        compound=place.compound if place else compound.name,
        community=place.community if place else compound.community,
        urgent=reading.urgent or reading.emergency,
        emergency=reading.emergency,
        status=Status.OPEN,
        posted_at=ctx.clock.now(),
        people_needed=max(1, reading.people_needed),
    )
    return await publish(ctx, uow, draft, list(reading.cues), {**explain(reading), **log}, message.message_id)


async def publish(
    ctx: Context, uow: UnitOfWork, draft: Request, cues: list[str], log: Mapping[str, object], reply_to: int | None
) -> Outcome:
    """Store a new request, call its first ring and post its card (replying to `reply_to`, the
    words that asked, when there are any: a request opened for someone else has none)."""
    change = posted(draft, ctx.policy.ladder, cues, log)
    request = await uow.requests.add(change.request)
    for event in stored(change, request.id):
        await uow.events.add(event)
    outgoing: tuple[Outgoing, ...] = ()
    if request.emergency:
        # Safety first: the call to the emergency number goes out before anyone is paged.
        text = ctx.texts.text("emergency", number=ctx.emergency_number)
        outgoing += (Outgoing(Send(request.chat_id, text, reply_to_message_id=reply_to, urgent=True), request.id),)
    calls = await call_ring(ctx, uow, request, Ring.BUILDING, widest=request.emergency, first=True)
    text, keyboard = ctx.texts.card(request, [(v.user_id, v.name) for v in calls.volunteers])
    card = Send(request.chat_id, text, keyboard, reply_to_message_id=reply_to, ref=card_ref(request.id))
    outgoing += (*calls.outgoing, Outgoing(card, request.id))
    return Outcome("posted", request.id, {"called": calls.user_ids}, outgoing=outgoing)


def _place(ctx: Context, building: str | None, chat_id: int, community: str) -> Place | None:
    place = ctx.policy.grid.place_of_building(building, near_chat=chat_id) if building else None
    if place is not None and place.community != community:
        # A number that only another community has is not a reason to page that community's
        # volunteers and secretaries about a neighbour in this chat.
        return None
    return place
