"""The ladder's timers: what happens to requests as time passes with nobody taking or finishing them.

The due time lives in the request row; a sweep finds the due ones, asks the domain which step is
due now (handlers/domain/timing.py) and runs that step's command through the table, as a chat
event's command is run: escalate, follow up or expire. The same tick expires unused suggestions.
"""

from __future__ import annotations

import logging

from handlers.chat import Outcome
from handlers.commands import Command, Escalate, Expire, ExpireSuggestion, FollowUp
from handlers.context import Context
from handlers.domain import Request
from handlers.domain.timing import EscalateTo, ExpireNow, due_step
from handlers.ports import UnitOfWork, UnitOfWorkFactory
from handlers.present import run
from handlers.requests.shared import reschedule

__all__ = ["advance", "expire_suggestions", "reschedule", "sweep"]

log = logging.getLogger(__name__)


def command_for(ctx: Context, request: Request) -> Command | None:
    step = due_step(ctx.policy.ladder, request, ctx.clock.now())
    if step is None:
        return None
    if isinstance(step, ExpireNow):
        return Expire(request)
    if isinstance(step, EscalateTo):
        return Escalate(request, step.ring)
    return FollowUp(request, step.reached)


async def advance(ctx: Context, uow: UnitOfWork, request: Request) -> Outcome:
    """Take the step that is due for one request; each step schedules the next."""
    command = command_for(ctx, request)
    if command is None:
        await reschedule(ctx, uow, request)
        return Outcome("not_due", request.id)
    return await run(ctx, uow, command)


async def sweep(
    ctx: Context, uow_factory: UnitOfWorkFactory, batch: int = 50, max_batches: int = 20
) -> list[Outcome]:
    """Advance every request whose timer is due; each batch in one transaction that locks its rows.

    Bounded, so one sweep never monopolises the loop; what is left waits for the next sweep.
    A request that cannot advance (it raises) rolls its batch back and is left out for the rest of
    this sweep, so that it cannot hold up every other timer: it is always first in the due order,
    and retrying the same batch would fail on it forever. It is tried again at the next sweep.
    An error outside any one request (the database is down) ends the sweep for the caller."""
    outcomes: list[Outcome] = []
    stuck: set[int] = set()
    for _ in range(max_batches):
        culprit: int | None = None
        try:
            async with uow_factory() as uow:
                # Over-fetch by the stuck ones: they are still due and come first.
                found = await uow.requests.due(ctx.clock.now(), batch + len(stuck))
                done: list[Outcome] = []
                for request in [r for r in found if r.id not in stuck][:batch]:
                    culprit = request.id
                    done.append(await advance(ctx, uow, request))
                culprit = None
                await uow.commit()
        except Exception:
            if culprit is None:
                raise
            log.exception("ladder: request #%s cannot advance; it is skipped until the next sweep", culprit)
            stuck.add(culprit)
            outcomes.append(Outcome("failed", culprit))
            continue
        outcomes.extend(done)
        if len(found) < batch + len(stuck):
            break
    return outcomes


async def expire_suggestions(
    ctx: Context, uow_factory: UnitOfWorkFactory, batch: int = 50, max_batches: int = 20
) -> list[Outcome]:
    """Delete every "ask the neighbours?" whose time is up (`[bot] suggestion_timeout`): the due
    time is the suggestion's row, so a restart loses none; each batch one transaction."""
    outcomes: list[Outcome] = []
    for _ in range(max_batches):
        async with uow_factory() as uow:
            due = await uow.suggestions.due(ctx.clock.now(), batch)
            for suggestion in due:
                outcomes.append(await run(ctx, uow, ExpireSuggestion(suggestion)))
            await uow.commit()
        if len(due) < batch:
            break
    return outcomes
