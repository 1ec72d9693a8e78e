"""The daily retention's entry point for jobs/: one transaction around the table's BlankOldTexts."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import BlankOldTexts
from handlers.context import Context
from handlers.ports import UnitOfWorkFactory
from handlers.present import run


async def blank_old_texts(ctx: Context, uow_factory: UnitOfWorkFactory) -> Outcome:
    async with uow_factory() as uow:
        outcome = await run(ctx, uow, BlankOldTexts())
        await uow.commit()
    return outcome
