"""The grid in effect: config.toml's, with what secretaries added from Telegram."""

from __future__ import annotations

from handlers.domain import Grid
from handlers.domain.bindings import merged
from handlers.ports import UnitOfWork


async def grid_in_effect(uow: UnitOfWork, configured: Grid) -> Grid:
    return merged(configured, await uow.desk.bindings(), await uow.desk.secretaries())
