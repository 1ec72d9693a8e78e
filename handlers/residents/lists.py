"""Offers and concerns: words read as "I can lend a ladder" go on the resource list (资源清单),
words read as "the lift is broken again" on the list of public concerns (民情清单).

A concern joins the open matter of its compound and category that it is about (the rule is
handlers/domain/concerns.py), so a problem raised by several neighbours is one record, counted."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import RecordConcern, RecordOffer
from handlers.context import Context
from handlers.domain import Concern, Offer
from handlers.domain.concerns import ConcernStatus, Matter, MatterEvent, MatterEventType, best_match, joined
from handlers.ports import UnitOfWork


async def record_offer(ctx: Context, uow: UnitOfWork, command: RecordOffer) -> Outcome:
    message, reading = command.message, command.reading
    offer_id = await uow.lists.add_offer(
        Offer(message.chat_id, message.sender.user_id, message.text, reading.category, reading.building,
              ctx.clock.now())
    )
    return Outcome("offer", detail={"offer_id": offer_id}, answer=ctx.texts.text("offer_ack", id=offer_id))


async def record_concern(ctx: Context, uow: UnitOfWork, command: RecordConcern) -> Outcome:
    message, reading, now = command.message, command.reading, ctx.clock.now()
    compound = ctx.policy.grid.compound_of_chat(message.chat_id)
    community, place = (compound.community, compound.name) if compound else (None, None)
    book = uow.concern_book
    candidates = [(m, [r.text for r in await book.raisings(m.id)] or [m.text])
                  for m in await book.open_like(place, reading.category)]
    matter = best_match(message.text, reading.building, candidates)
    user_id = message.sender.user_id
    if matter is None:
        matter = await book.add(Matter(0, community, place, reading.building, reading.category, message.text,
                                       ConcernStatus.RAISED, now, now, chats=(message.chat_id,)))
        event = MatterEventType.RAISED
    else:
        raisers = {r.user_id for r in await book.raisings(matter.id)}
        matter = joined(matter, user_id not in raisers, message.chat_id, reading.building, now)
        await book.save(matter)
        event = MatterEventType.MERGED
    await uow.lists.add_concern(
        Concern(message.chat_id, user_id, message.text, reading.category, reading.building, now,
                message.message_id, matter.id, community, place)
    )
    await book.log(MatterEvent(matter.id, event, user_id, now, {"chat_id": message.chat_id}))
    detail: dict[str, object] = {"concern_id": matter.id, "residents": matter.residents, "merged": matter.raised > 1}
    if matter.raised == 1:
        return Outcome("concern", detail=detail, answer=ctx.texts.text("concern_ack", id=matter.id))
    answer = ctx.texts.text("concern_merged", id=matter.id, count=matter.residents)
    return Outcome("concern", detail=detail, answer=answer)
