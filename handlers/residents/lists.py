"""Offers and concerns: words read as "I can lend a ladder" go on the resource list (资源清单),
words read as "the lift is broken again" on the list of public concerns (民情清单)."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import RecordConcern, RecordOffer
from handlers.context import Context
from handlers.domain import Concern, Offer
from handlers.ports import UnitOfWork


async def record_offer(ctx: Context, uow: UnitOfWork, command: RecordOffer) -> Outcome:
    message, reading = command.message, command.reading
    offer_id = await uow.lists.add_offer(
        Offer(message.chat_id, message.sender.user_id, message.text, reading.category, reading.building,
              ctx.clock.now())
    )
    return Outcome("offer", detail={"offer_id": offer_id}, answer=ctx.texts.text("offer_ack", id=offer_id))


async def record_concern(ctx: Context, uow: UnitOfWork, command: RecordConcern) -> Outcome:
    message, reading = command.message, command.reading
    concern_id = await uow.lists.add_concern(
        Concern(message.chat_id, message.sender.user_id, message.text, reading.category, reading.building,
                ctx.clock.now())
    )
    return Outcome("concern", detail={"concern_id": concern_id}, answer=ctx.texts.text("concern_ack", id=concern_id))
