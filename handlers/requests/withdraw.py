"""Withdraw: the requester's "Not a request" on the card: cancelled with that reason, the card
redrawn, the claimers told, and the message kept as a correction labelled chat."""

from __future__ import annotations

from dataclasses import replace

from handlers.chat import Outcome, Tell
from handlers.commands import WithdrawRequest
from handlers.context import Context
from handlers.corrections.record import record
from handlers.domain import EventType, Kind, Request, Status
from handlers.domain.feedback import Label, Reason, chat_label
from handlers.domain.transitions import ACTIVE, closed
from handlers.ports import UnitOfWork
from handlers.requests.shared import refusal


async def withdraw(ctx: Context, uow: UnitOfWork, command: WithdrawRequest) -> Outcome:
    request, sender = command.request, command.sender
    if sender.user_id != request.requester_id:
        return Outcome("refused_not_requester", request.id, answer=refusal(ctx, request, "only_requester_withdraws"))
    now = ctx.clock.now()
    cancelled = await uow.requests.transition(request.id, ACTIVE, Status.CANCELLED, now)
    if cancelled is None:
        return Outcome("already_closed", request.id, answer=refusal(ctx, request, "already_closed"))
    for event in closed(cancelled, sender.user_id, now, command.by_button).events:
        await uow.events.add(replace(event, detail={**event.detail, "reason": "not_a_request"}))
    reader_label, version = await _posted_reading(uow, request)
    await record(
        ctx, uow, chat_id=request.chat_id, message_id=request.message_id, user_id=sender.user_id,
        text=request.text, reader_label=reader_label, label=chat_label(reader_label), reason=Reason.WITHDRAWN,
        version=version, request_id=request.id,
    )
    told = Tell(request.claimers, ctx.texts.text("claim_cancelled_by_requester", id=request.id))
    return Outcome("withdrawn", request.id, toast=ctx.texts.text("not_request_ok"), card=cancelled, tell=(told,))


async def _posted_reading(uow: UnitOfWork, request: Request) -> tuple[Label, str]:
    """What the reader said when the card was posted (the posted event keeps it)."""
    for event in await uow.events.for_request(request.id):
        reader = event.detail.get("reader") if event.type is EventType.POSTED else None
        if isinstance(reader, dict):
            label = reader.get("label")
            return (dict(label) if isinstance(label, dict) else {}), str(reader.get("version", ""))
    fallback: Label = {"kind": Kind.REQUEST.value, "category": request.category, "building": request.building,
                       "urgent": request.urgent, "emergency": request.emergency}
    return fallback, ""
