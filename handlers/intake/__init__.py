"""Reading what arrives into a typed command (handlers/commands.py), or into the outcome of
nothing to do: slash commands, free text, and button presses. No use case runs here."""

from __future__ import annotations

from handlers.chat import ButtonPress, ChatEvent, Outcome
from handlers.commands import Command
from handlers.context import Context
from handlers.intake.buttons import read_press
from handlers.intake.slash import read_message
from handlers.ports import UnitOfWork


async def read_event(ctx: Context, uow: UnitOfWork, event: ChatEvent) -> Command | Outcome:
    if isinstance(event, ButtonPress):
        return await read_press(ctx, uow, event)
    return await read_message(ctx, uow, event)
