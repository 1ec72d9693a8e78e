"""Free text in a group: decide what a message means here, and which use case acts on it.

A claim / done / cancel phrase acts only as a reply to a request (or its card, or a private call),
or when the requester speaks about their own active request; anywhere else it is just talk.
"""

from __future__ import annotations

from handlers import requests
from handlers.chat import ChatMessage, Outcome, Send
from handlers.context import Context
from handlers.domain import Concern, Kind, Offer, Request
from handlers.ports import UnitOfWork
from handlers.understanding import Reading

# Telegram caps a message at 4096 characters; anything longer was not typed by a neighbour.
READ_LIMIT = 4096


async def on_text(ctx: Context, uow: UnitOfWork, message: ChatMessage) -> Outcome:
    reading = ctx.read(message.text[:READ_LIMIT])
    target = await _replied_request(uow, message)
    if reading.kind in (Kind.CLAIM, Kind.DONE, Kind.CANCEL):
        if message.edited:
            # The words were acted on (or not) when first sent; editing them must not act twice.
            return Outcome("edit_ignored")
        return await _on_progress(ctx, uow, message, reading, target)
    if message.is_private:
        # Requests belong in the group, where neighbours can see them; say so rather than stay silent.
        await uow.outbox.add(
            Send(message.chat_id, ctx.texts.text("private_hint"), reply_to_message_id=message.message_id)
        )
        return Outcome("private_hint")
    if message.edited:
        return await _on_edit(ctx, uow, message, reading)
    if reading.kind is Kind.REQUEST:
        if target is not None and target.requester_id == message.sender.user_id:
            # A requester adding detail under their own request is not a second request.
            return Outcome("detail", target.id)
        await uow.people.seen(message.sender.user_id, message.sender.name, message.sender.username)
        return await requests.post(ctx, uow, message, reading)
    if reading.kind is Kind.OFFER:
        return await _on_offer(ctx, uow, message, reading)
    if reading.kind is Kind.CONCERN:
        return await _on_concern(ctx, uow, message, reading)
    return Outcome("chat", detail={"cues": list(reading.cues)})


async def _replied_request(uow: UnitOfWork, message: ChatMessage) -> Request | None:
    if message.reply_to_message_id is None:
        return None
    return await uow.requests.by_message(message.chat_id, message.reply_to_message_id)


async def _on_progress(
    ctx: Context, uow: UnitOfWork, message: ChatMessage, reading: Reading, target: Request | None
) -> Outcome:
    if target is None and reading.kind is not Kind.CLAIM:
        # Without a reply, only the requester's own words about their own request count.
        own = await uow.requests.active_of_requester(message.chat_id, message.sender.user_id)
        target = own[0] if own else None
    if target is None:
        return Outcome("chat", detail={"kind": reading.kind.value})
    involved = message.sender.user_id == target.requester_id or message.sender.user_id in target.claimers
    if reading.kind is not Kind.CLAIM and not involved:
        # A bystander's "done" or "can't make it" under someone's request is conversation, not a command.
        return Outcome("chat", target.id, {"kind": reading.kind.value})
    if reading.kind is Kind.CLAIM:
        outcome = await requests.claim(ctx, uow, target, message.sender, reply_to=message)
    elif reading.kind is Kind.DONE:
        outcome = await requests.complete(ctx, uow, target, message.sender, reply_to=message)
    else:
        outcome = await requests.cancel(ctx, uow, target, message.sender, reply_to=message)
    # Replies to "我来" or "收好了" then mean this request too ("谢谢!" under the helper's message).
    await uow.requests.link_message(target.id, message.chat_id, message.message_id)
    return outcome


async def _on_edit(ctx: Context, uow: UnitOfWork, message: ChatMessage, reading: Reading) -> Outcome:
    """An edit into a request opens one; an edit away from a request withdraws nothing."""
    existing = await uow.requests.by_message(message.chat_id, message.message_id)
    if existing is not None or reading.kind is not Kind.REQUEST:
        return Outcome("edit_ignored", existing.id if existing else None)
    return await requests.post(ctx, uow, message, reading)


async def _on_offer(ctx: Context, uow: UnitOfWork, message: ChatMessage, reading: Reading) -> Outcome:
    offer_id = await uow.lists.add_offer(
        Offer(message.chat_id, message.sender.user_id, message.text, reading.category, reading.building,
              ctx.clock.now())
    )
    await uow.outbox.add(
        Send(message.chat_id, ctx.texts.text("offer_ack", id=offer_id), reply_to_message_id=message.message_id)
    )
    return Outcome("offer", detail={"offer_id": offer_id})


async def _on_concern(ctx: Context, uow: UnitOfWork, message: ChatMessage, reading: Reading) -> Outcome:
    concern_id = await uow.lists.add_concern(
        Concern(message.chat_id, message.sender.user_id, message.text, reading.category, reading.building,
                ctx.clock.now())
    )
    await uow.outbox.add(
        Send(message.chat_id, ctx.texts.text("concern_ack", id=concern_id), reply_to_message_id=message.message_id)
    )
    return Outcome("concern", detail={"concern_id": concern_id})
