"""Withdraw: the requester's "Not a request" on the card: cancelled with that reason, the card
redrawn, the claimers told, and the message kept as a correction labelled chat."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import WithdrawRequest
from handlers.context import Context
from handlers.corrections.record import record
from handlers.domain import EventType, Kind, Request, Status
from handlers.domain.feedback import Label, Reason, chat_label
from handlers.ports import UnitOfWork
from handlers.requests.shared import already_closed, claimers_told_cancelled, close, refusal


async def withdraw(ctx: Context, uow: UnitOfWork, command: WithdrawRequest) -> Outcome:
    request, sender = command.request, command.sender
    if sender.user_id != request.requester_id:
        return Outcome("refused_not_requester", request.id, answer=refusal(ctx, request, "only_requester_withdraws"))
    cancelled = await close(ctx, uow, command, Status.CANCELLED, reason="not_a_request")
    if cancelled is None:
        return already_closed(ctx, request)
    reader_label, version = await _posted_reading(uow, request)
    await record(
        ctx, uow, chat_id=request.chat_id, message_id=request.message_id, user_id=sender.user_id,
        text=request.text, reader_label=reader_label, label=chat_label(reader_label), reason=Reason.WITHDRAWN,
        version=version, request_id=request.id,
    )
    told = claimers_told_cancelled(ctx, request)
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
