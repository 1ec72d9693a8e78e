"""The bot's single entry point for chat events: dedupe, route, commit, wake the sender."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from handlers import buttons, routing
from handlers.chat import ButtonPress, ChatEvent, ChatMessage, Outcome
from handlers.commands import COMMANDS, parse_command, reply
from handlers.context import Context
from handlers.ports import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)


class Core:
    """Framework-neutral: transports call `handle`, jobs call the ladder with the same context."""

    def __init__(
        self, ctx: Context, uow_factory: UnitOfWorkFactory, on_commit: Callable[[], None] = lambda: None
    ) -> None:
        self.ctx = ctx
        self.uow_factory = uow_factory
        self.on_commit = on_commit

    async def handle(self, event: ChatEvent) -> Outcome:
        async with self.uow_factory() as uow:
            # Recorded in the same transaction as the effects: a redelivered update is a no-op,
            # and a crash before commit leaves the update free to be handled again.
            if not await uow.updates.first_time(f"update:{event.update_id}"):
                return Outcome("duplicate")
            outcome = await self._route(uow, event)
            await uow.commit()
        log.info("handled update %s: %s %s", event.update_id, outcome.name, outcome.request_id or "")
        self.on_commit()
        return outcome

    async def _route(self, uow: UnitOfWork, event: ChatEvent) -> Outcome:
        if isinstance(event, ButtonPress):
            return await buttons.press(self.ctx, uow, event)
        return await self._on_message(uow, event)

    async def _on_message(self, uow: UnitOfWork, message: ChatMessage) -> Outcome:
        compound = self.ctx.policy.grid.compound_of_chat(message.chat_id)
        # First, so every message handler takes this chat's row lock before any request's.
        await uow.grid.chat_seen(
            message.chat_id,
            message.is_private,
            None if compound is None else compound.name,
            None if compound is None else compound.community,
            self.ctx.clock.now(),
        )
        if message.is_private:
            await self._started_bot(uow, message)
        call = parse_command(message.text, self.ctx.bot_username)
        if call is None and message.text.startswith("/"):
            # Another bot's command ("/help@otherbot") or a bare "/": never a neighbour's words.
            return Outcome("not_for_us")
        configured = message.is_private or compound is not None
        if call is not None and not message.edited:
            handler = COMMANDS.get(call.name)
            if not configured and call.name != "start":
                return Outcome("unconfigured_chat")
            if handler is None:
                # Other bots' commands share the group: only answer what was clearly meant for us.
                if message.is_private or call.addressed:
                    await reply(self.ctx, uow, message, "unknown_command")
                return Outcome("unknown_command")
            return await handler(self.ctx, uow, message, call)
        if not configured or call is not None:
            return Outcome("unconfigured_chat" if not configured else "edited_command")
        return await routing.on_text(self.ctx, uow, message)

    @staticmethod
    async def _started_bot(uow: UnitOfWork, message: ChatMessage) -> None:
        """A private message means the bot may now write to this person, volunteer or not."""
        user = message.sender
        await uow.people.seen(user.user_id, user.name, user.username, started_bot=True)
        volunteer = await uow.volunteers.get(user.user_id)
        if volunteer is not None and not volunteer.started_bot:
            await uow.volunteers.save(replace(volunteer, started_bot=True))
