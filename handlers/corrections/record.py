"""Keeping a correction, and the claim under a message that got no card (a request candidate)."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import NoteCandidate
from handlers.context import Context
from handlers.domain.feedback import Correction, Label, Reason, disagrees, request_label
from handlers.ports import UnitOfWork


async def record(
    ctx: Context, uow: UnitOfWork, *, chat_id: int, message_id: int | None, user_id: int, text: str,
    reader_label: Label, label: Label, reason: Reason, version: str, request_id: int | None = None,
) -> None:
    correction = Correction(
        chat_id, message_id, user_id, text, dict(reader_label), dict(label), reason, ctx.clock.now(), version,
        request_id,
    )
    await uow.corrections.add(correction)


async def note_candidate(ctx: Context, uow: UnitOfWork, command: NoteCandidate) -> Outcome:
    """A claim replying to a neighbour's message that has no card claims nothing, but keeps that
    message as a request candidate (unless the reader already read it as a request)."""
    message = command.message
    text, author = message.reply_to_text, message.reply_to_user_id
    detail: dict[str, object] = {"kind": "claim"}
    if message.reply_to_message_id is None or not text or author is None or author == command.sender.user_id:
        return Outcome("chat", detail=detail)
    reading = ctx.read(text)
    if not disagrees(reading):
        return Outcome("chat", detail=detail)  # a request with no card: written elsewhere, nothing to learn
    await record(
        ctx, uow, chat_id=message.chat_id, message_id=message.reply_to_message_id, user_id=command.sender.user_id,
        text=text, reader_label=reading.as_label(), label=request_label(reading), reason=Reason.CLAIMED_AS_CHAT,
        version=reading.version,
    )
    return Outcome("chat", detail={**detail, "correction": True})
