"""What the request use cases share: recording a change, answering a refusal, telling people."""

from __future__ import annotations

from handlers.chat import Outcome, Outgoing, Send, Tell
from handlers.commands import OnRequest
from handlers.context import Context
from handlers.domain import Request, Status
from handlers.domain.transitions import ACTIVE, Change, closed, rescheduled
from handlers.ports import UnitOfWork


async def record(uow: UnitOfWork, change: Change) -> None:
    """Log a change's events (the presenter shows it on the card: `Outcome.card`)."""
    for event in change.events:
        await uow.events.add(event)


async def close(
    ctx: Context, uow: UnitOfWork, command: OnRequest, status: Status, reason: str | None = None
) -> Request | None:
    """Move an active request to done or cancelled and log who did it; None if it was closed already."""
    now = ctx.clock.now()
    finished = await uow.requests.transition(command.request.id, ACTIVE, status, now)
    if finished is not None:
        await record(uow, closed(finished, command.sender.user_id, now, command.by_button, reason))
    return finished


def already_closed(ctx: Context, request: Request) -> Outcome:
    return Outcome("already_closed", request.id, answer=refusal(ctx, request, "already_closed"))


def claimers_told_cancelled(ctx: Context, request: Request) -> Tell:
    """Those on their way should not find out from the group, or not at all."""
    return Tell(request.claimers, ctx.texts.text("claim_cancelled_by_requester", id=request.id))


async def reschedule(ctx: Context, uow: UnitOfWork, request: Request) -> Request:
    """Save the ladder's fields with the next step's due time, as it now stands."""
    scheduled = rescheduled(request, ctx.policy.ladder)
    await uow.requests.save_progress(scheduled)
    return scheduled


def refusal(ctx: Context, request: Request, key: str) -> str:
    """Why nothing happened, for the one who tried."""
    return ctx.texts.text(key, id=request.id, claimers="、".join(request.claimer_names))


def tell_secretaries(ctx: Context, request: Request, key: str) -> tuple[Outgoing, ...]:
    """A private note about `request` to each secretary of its community."""
    if request.community is None:
        return ()
    text = ctx.texts.escalation(request, key)
    return tuple(Outgoing(Send(s, text), request.id) for s in ctx.policy.grid.secretaries_of(request.community))
