"""The daily digest's and the monthly results' entry points for jobs/: one transaction around the
table's SendDigests or PublishResults."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import PublishResults, SendDigests
from handlers.context import Context
from handlers.ports import UnitOfWorkFactory
from handlers.present import run


async def send_digests(ctx: Context, uow_factory: UnitOfWorkFactory) -> Outcome:
    async with uow_factory() as uow:
        outcome = await run(ctx, uow, SendDigests())
        await uow.commit()
    return outcome


async def publish(ctx: Context, uow_factory: UnitOfWorkFactory) -> Outcome:
    async with uow_factory() as uow:
        outcome = await run(ctx, uow, PublishResults())
        await uow.commit()
    return outcome
