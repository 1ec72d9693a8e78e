"""What the request use cases share: recording a change, answering a refusal, telling people."""

from __future__ import annotations

from handlers.chat import Send
from handlers.context import Context
from handlers.domain import Request
from handlers.domain.transitions import Change, rescheduled
from handlers.ports import UnitOfWork


async def record(uow: UnitOfWork, change: Change) -> None:
    """Log a change's events (the presenter shows it on the card: `Outcome.card`)."""
    for event in change.events:
        await uow.events.add(event)


async def reschedule(ctx: Context, uow: UnitOfWork, request: Request) -> Request:
    """Save the ladder's fields with the next step's due time, as it now stands."""
    scheduled = rescheduled(request, ctx.policy.ladder)
    await uow.requests.save_progress(scheduled)
    return scheduled


def refusal(ctx: Context, request: Request, key: str) -> str:
    """Why nothing happened, for the one who tried."""
    return ctx.texts.text(key, id=request.id, claimers="、".join(request.claimer_names))


async def tell_secretaries(ctx: Context, uow: UnitOfWork, request: Request, key: str) -> None:
    if request.community is None:
        return
    text = ctx.texts.escalation(request, key)
    for secretary in ctx.policy.grid.secretaries_of(request.community):
        await uow.outbox.add(Send(secretary, text), request_id=request.id)
