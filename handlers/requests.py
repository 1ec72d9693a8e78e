"""A request's life: post, claim, release, complete, cancel, and "can't help".

Each function runs inside the caller's unit of work and writes state, events and outgoing
actions together, so that either all of it happens or none of it does.
"""

from __future__ import annotations

from handlers.calling import call_ring, refresh_card
from handlers.chat import AnswerButton, ChatMessage, Outcome, Send, Sender, card_ref
from handlers.context import Context
from handlers.domain import Event, EventType, Request, Ring, Status
from handlers.ladder import reschedule
from handlers.ports import NewRequest, UnitOfWork
from handlers.understanding import Reading

ACTIVE = (Status.OPEN, Status.CLAIMED)


async def post(ctx: Context, uow: UnitOfWork, message: ChatMessage, reading: Reading) -> Outcome:
    grid = ctx.policy.grid
    compound = grid.compound_of_chat(message.chat_id)
    assert compound is not None, "routing only posts requests from configured chats"
    building = reading.building
    if building is None:
        person = await uow.people.get(message.sender.user_id)
        building = person.home_building if person else None
    place = grid.place_of_building(building, near_chat=message.chat_id) if building else None
    if place is not None and place.community != compound.community:
        # A number that only another community has is not a reason to page that community's
        # volunteers and secretaries about a neighbour in this chat.
        place = None
    now = ctx.clock.now()
    request = await uow.requests.add(
        NewRequest(
            chat_id=message.chat_id,
            message_id=message.message_id,
            requester_id=message.sender.user_id,
            requester_name=message.sender.name,
            text=message.text,
            category=reading.category or "other",
            building=building,
            compound=place.compound if place else compound.name,
            community=place.community if place else compound.community,
            urgent=reading.urgent or reading.emergency,
            emergency=reading.emergency,
            people_needed=max(1, reading.people_needed),
            posted_at=now,
            next_due_at=None,
        )
    )
    if request.emergency:
        request.ring = int(Ring.COMMUNITY)  # the widest ring is called at once
    await reschedule(ctx, uow, request)
    await uow.events.add(
        Event(request.id, EventType.POSTED, message.sender.user_id, now, {"cues": list(reading.cues)})
    )
    if request.emergency:
        # Safety first: the call to the emergency number goes out before anyone is paged.
        await uow.outbox.add(
            Send(
                request.chat_id,
                ctx.texts.text("emergency", number=ctx.emergency_number),
                reply_to_message_id=message.message_id,
                urgent=True,
            ),
            request_id=request.id,
        )
    called = await call_ring(ctx, uow, request, Ring.BUILDING, widest=request.emergency)
    text, keyboard = ctx.texts.card(request, [(v.user_id, v.name) for v in called])
    await uow.outbox.add(
        Send(request.chat_id, text, keyboard, reply_to_message_id=message.message_id, ref=card_ref(request.id)),
        request_id=request.id,
    )
    return Outcome("posted", request.id, {"called": [v.user_id for v in called]})


async def claim(
    ctx: Context, uow: UnitOfWork, request: Request, sender: Sender, *, reply_to: ChatMessage | None = None,
    callback_id: str | None = None,
) -> Outcome:
    if sender.user_id == request.requester_id:
        await _answer(ctx, uow, request, "own_request", reply_to, callback_id)
        return Outcome("refused_own", request.id)
    now = ctx.clock.now()
    result = await uow.requests.try_claim(request.id, sender.user_id, sender.name, now)
    if not result.won or result.request is None:
        reason = result.reason or "taken"
        await _answer(ctx, uow, request, f"claim_{reason}", reply_to, callback_id)
        return Outcome(f"claim_{reason}", request.id)
    claimed = result.request
    await uow.people.seen(sender.user_id, sender.name, sender.username)
    await reschedule(ctx, uow, claimed)
    await _record(ctx, uow, claimed, EventType.CLAIMED, sender, callback_id, "claim_won")
    return Outcome("claimed", request.id, {"status": claimed.status.value})


async def complete(
    ctx: Context, uow: UnitOfWork, request: Request, sender: Sender, *, reply_to: ChatMessage | None = None,
    callback_id: str | None = None,
) -> Outcome:
    if sender.user_id not in request.claimers and sender.user_id != request.requester_id:
        await _answer(ctx, uow, request, "not_yours", reply_to, callback_id)
        return Outcome("refused_not_yours", request.id)
    done = await uow.requests.transition(request.id, ACTIVE, Status.DONE, ctx.clock.now())
    if done is None:
        await _answer(ctx, uow, request, "already_closed", reply_to, callback_id)
        return Outcome("already_closed", request.id)
    await _record(ctx, uow, done, EventType.DONE, sender, callback_id, "thanks")
    return Outcome("done", request.id)


async def cancel(
    ctx: Context, uow: UnitOfWork, request: Request, sender: Sender, *, reply_to: ChatMessage | None = None,
    callback_id: str | None = None,
) -> Outcome:
    if sender.user_id != request.requester_id:
        if sender.user_id in request.claimers:
            # A claimer who says "can't make it" is giving the request back, not withdrawing it.
            return await release(ctx, uow, request, sender, reply_to=reply_to, callback_id=callback_id)
        await _answer(ctx, uow, request, "only_requester_cancels", reply_to, callback_id)
        return Outcome("refused_not_requester", request.id)
    cancelled = await uow.requests.transition(request.id, ACTIVE, Status.CANCELLED, ctx.clock.now())
    if cancelled is None:
        await _answer(ctx, uow, request, "already_closed", reply_to, callback_id)
        return Outcome("already_closed", request.id)
    await _record(ctx, uow, cancelled, EventType.CANCELLED, sender, callback_id, "cancelled_ok")
    await _tell_claimers(ctx, uow, request, "claim_cancelled_by_requester")
    return Outcome("cancelled", request.id)


async def release(
    ctx: Context, uow: UnitOfWork, request: Request, sender: Sender, *, reply_to: ChatMessage | None = None,
    callback_id: str | None = None,
) -> Outcome:
    released = await uow.requests.release(request.id, sender.user_id, ctx.clock.now())
    if released is None:
        await _answer(ctx, uow, request, "not_yours", reply_to, callback_id)
        return Outcome("refused_not_claimer", request.id)
    released.followups = 0  # the next claimer starts with a clean slate of reminders
    await reschedule(ctx, uow, released)
    await _record(ctx, uow, released, EventType.RELEASED, sender, callback_id, "released_ok")
    return Outcome("released", request.id)


async def decline(ctx: Context, uow: UnitOfWork, request: Request, sender: Sender, callback_id: str) -> Outcome:
    """ "Can't help": step aside and let the next-best volunteer be called."""
    now = ctx.clock.now()
    if not request.is_open or not await uow.calls.decline(request.id, sender.user_id, now):
        await uow.outbox.add(AnswerButton(callback_id, ctx.texts.text("decline_noop")), request_id=request.id)
        return Outcome("decline_ignored", request.id)
    await uow.events.add(Event(request.id, EventType.DECLINED, sender.user_id, now))
    replacement = await call_ring(ctx, uow, request, Ring(min(request.ring, Ring.COMMUNITY)), count=1)
    await refresh_card(ctx, uow, request)
    await uow.outbox.add(AnswerButton(callback_id, ctx.texts.text("decline_ok")), request_id=request.id)
    return Outcome("declined", request.id, {"replacement": [v.user_id for v in replacement]})


async def _record(
    ctx: Context, uow: UnitOfWork, updated: Request, event: EventType, sender: Sender, callback_id: str | None,
    answer_key: str,
) -> None:
    """What every change of hands does: log it, show it on the card, acknowledge the button."""
    await uow.events.add(Event(updated.id, event, sender.user_id, ctx.clock.now(), _via(callback_id)))
    await refresh_card(ctx, uow, updated)
    if callback_id is not None:
        await uow.outbox.add(AnswerButton(callback_id, ctx.texts.text(answer_key)), request_id=updated.id)


async def _tell_claimers(ctx: Context, uow: UnitOfWork, request: Request, key: str) -> None:
    """Those on their way should not find out from the group, or not at all."""
    for user_id in request.claimers:
        person = await uow.people.get(user_id)
        if person is not None and person.started_bot:
            await uow.outbox.add(Send(user_id, ctx.texts.text(key, id=request.id)), request_id=request.id)


def _via(callback_id: str | None) -> dict[str, object]:
    """How it was done, for the record: a button, or words in the chat."""
    return {"via": "button" if callback_id is not None else "message"}


async def _answer(
    ctx: Context, uow: UnitOfWork, request: Request, key: str, reply_to: ChatMessage | None, callback_id: str | None
) -> None:
    """Tell the person why nothing happened: a button press gets a toast, a reply gets a reply."""
    claimers = "、".join(request.claimer_names)
    text = ctx.texts.text(key, id=request.id, claimers=claimers)
    if callback_id is not None:
        await uow.outbox.add(AnswerButton(callback_id, text, alert=False), request_id=request.id)
    elif reply_to is not None:
        await uow.outbox.add(
            Send(reply_to.chat_id, text, reply_to_message_id=reply_to.message_id), request_id=request.id
        )
