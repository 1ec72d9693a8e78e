"""The visit rosters' timers: like the ladder's (handlers/ladder.py), the due time lives in the
roster row; a sweep finds the due entries, asks the domain which step is due now and runs that
step through the table as `RemindVisit`. Each step sets the next, so a restart loses none."""

from __future__ import annotations

import logging

from handlers.chat import Outcome
from handlers.commands import RemindVisit
from handlers.context import Context
from handlers.domain.visits import due_step, scheduled
from handlers.ports import UnitOfWorkFactory
from handlers.present import run

log = logging.getLogger(__name__)


async def sweep_rounds(
    ctx: Context, uow_factory: UnitOfWorkFactory, batch: int = 50, max_batches: int = 20
) -> list[Outcome]:
    """Take every due step, each batch in one transaction that locks its rows; bounded like the
    ladder's sweep, what is left waits for the next tick."""
    outcomes: list[Outcome] = []
    cadence = ctx.policy.visits
    for _ in range(max_batches):
        async with uow_factory() as uow:
            now = ctx.clock.now()
            due = await uow.rosters.due(now, batch)
            for entry in due:
                step = due_step(entry, now, cadence)
                if step is None:  # the timer ran ahead of the rules (an older cadence): set it again
                    await uow.rosters.save(scheduled(entry, cadence))
                    continue
                outcomes.append(await run(ctx, uow, RemindVisit(entry, step)))
            await uow.commit()
        if len(due) < batch:
            break
    return outcomes
