"""Claim: "I'll help", by the card's button or by a reply such as "我来"; exactly one wins a slot."""

from __future__ import annotations

from handlers.chat import Outcome, Tell
from handlers.commands import ClaimRequest
from handlers.context import Context
from handlers.domain import Request
from handlers.domain.transitions import claim_refusal, claimed
from handlers.ports import UnitOfWork
from handlers.requests.shared import record, refusal
from handlers.understanding.privacy import mask_private


async def claim(ctx: Context, uow: UnitOfWork, command: ClaimRequest) -> Outcome:
    request, sender = command.request, command.sender
    if claim_refusal(request, sender.user_id):
        return Outcome("refused_own", request.id, answer=refusal(ctx, request, "own_request"))
    now = ctx.clock.now()
    # One conditional UPDATE: of two neighbours pressing at once, exactly one gets the last slot.
    result = await uow.requests.try_claim(request.id, sender.user_id, sender.name, now)
    if not result.won or result.request is None:
        key = f"claim_{result.reason or 'taken'}"
        # The request as it is now: the one the command carries was read before the winner's
        # claim committed (on PostgreSQL it names no claimer yet).
        return Outcome(key, request.id, answer=refusal(ctx, result.request or request, key))
    change = claimed(result.request, ctx.policy.ladder, sender.user_id, now, command.by_button)
    await uow.requests.save_progress(change.request)
    await record(uow, change)
    status: dict[str, object] = {"status": change.request.status.value}
    return Outcome(
        "claimed", request.id, status, toast=ctx.texts.text("claim_won"), card=change.request,
        tell=details_for(ctx, change.request, (sender.user_id,)),
    )


def details_for(ctx: Context, request: Request, user_ids: tuple[int, ...]) -> tuple[Tell, ...]:
    """What the card hides, privately; no group fallback: the card tells a claimer who never
    started the bot to open a private chat (its /start sends them, welcome/start.py)."""
    if not mask_private(request.text).hidden:
        return ()
    return (Tell(user_ids, ctx.texts.details(request)),)
