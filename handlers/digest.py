"""The daily digest's entry point for jobs/: one transaction around the table's SendDigests."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import SendDigests
from handlers.context import Context
from handlers.ports import UnitOfWorkFactory
from handlers.table import execute


async def send_digests(ctx: Context, uow_factory: UnitOfWorkFactory) -> Outcome:
    async with uow_factory() as uow:
        outcome = await execute(ctx, uow, SendDigests())
        await uow.commit()
    return outcome
