"""The bot's single entry point for chat events: dedupe, record the chat, read the event into a
command, run it through the table, present the answer, commit, wake the sender."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from handlers.chat import AnswerButton, ButtonPress, ChatEvent, ChatMessage, Outcome, cleaned
from handlers.context import Context
from handlers.desk.grid import grid_in_effect
from handlers.domain import Grid
from handlers.intake.buttons import read_press
from handlers.intake.messages import is_idle, read_message, talk_reading
from handlers.ports import Reader, UnitOfWork, UnitOfWorkFactory
from handlers.ports.observer import NoObserver, Observer, note_request, tracing
from handlers.present import present
from handlers.table import execute
from handlers.understanding import Reading

log = logging.getLogger(__name__)

# A group's row (its place in the grid, last_seen_at) is written at most this often by one
# process: most of a group's traffic is talk, and talk should cost no write beyond its inbox row.
CHAT_REFRESH = timedelta(minutes=1)
# Groups remembered as recorded; past this the memory starts afresh (they are recorded again).
REMEMBERED_CHATS = 10_000
# Readings `settles` made of updates it did not take, kept for `handle` (a batch's worth and more;
# past this they are forgotten, and such an update is read again).
REMEMBERED_READINGS = 1_000


class Core:
    """Framework-neutral: transports call `handle`, jobs call the ladder with the same context."""

    def __init__(
        self,
        ctx: Context,
        uow_factory: UnitOfWorkFactory,
        on_commit: Callable[[], None] = lambda: None,
        *,
        observer: Observer | None = None,
        configured: Grid | None = None,
        on_context: Callable[[Context], None] = lambda ctx: None,
    ) -> None:
        self.ctx = ctx
        self.uow_factory = uow_factory
        self.on_commit = on_commit
        self.observer: Observer = observer or NoObserver()
        # config.toml's grid, which what secretaries bind from Telegram is merged into.
        self.configured = configured or ctx.policy.grid
        self.on_context = on_context  # the jobs get the new grid too
        self._recorded: dict[int, datetime] = {}  # group → when this process last recorded it (committed)
        # update id → (its text, the reader, what it read): each group message is read once.
        self._readings: dict[int, tuple[str, Reader, Reading]] = {}

    def settles(self, event: ChatEvent) -> bool:
        """Whether `event` needs nothing but being marked handled: talk (intake `talk_reading`, `is_idle`) in a
        group recorded lately. The inbox then stores it as handled, and the core never sees it:
        handling it would write nothing and answer nothing (the chat's row is fresh)."""
        event = cleaned(event)
        if not isinstance(event, ChatMessage) or not self._fresh(event.chat_id):
            return False
        reading = talk_reading(self.ctx, event)
        if reading is None:
            return False
        if is_idle(reading):
            return True
        # Handled next (a request, mostly): the core reads it no second time.
        if len(self._readings) >= REMEMBERED_READINGS:
            self._readings.clear()
        self._readings[event.update_id] = (event.text, self.ctx.read, reading)
        return False

    def settled(self, event: ChatEvent) -> None:
        """An update `settles` took, stored as handled."""
        self.observer.update_handled("chat", 0.0)

    async def handle(self, event: ChatEvent) -> Outcome:
        # NUL and other control characters never reach a use case or a table (PostgreSQL refuses NUL).
        event = cleaned(event)
        started, name = time.perf_counter(), "error"
        with tracing(event.update_id):
            try:
                outcome = await self._handle(event)
                name = outcome.name
            finally:
                self.observer.update_handled(name, time.perf_counter() - started)
        return outcome

    async def _handle(self, event: ChatEvent) -> Outcome:
        async with self.uow_factory() as uow:
            # The update was stored (the inbox) before Telegram was told it arrived, and is marked
            # handled in the same transaction as its effects: after a crash at any point the inbox
            # worker hands it over again, and a redelivery or a second worker is a no-op.
            if not await uow.updates.handled(event):
                return Outcome("duplicate")
            recorded: datetime | None = None
            if isinstance(event, ChatMessage):
                recorded = await self._chat_seen(uow, event)
                found = await read_message(self.ctx, uow, event, self._reading_of(event))
            else:
                found = await read_press(self.ctx, uow, event)
            outcome = found if isinstance(found, Outcome) else await execute(self.ctx, uow, found)
            note_request(outcome.request_id)
            await present(self.ctx, uow, event, outcome)
            await uow.commit()
        if recorded is not None:
            self._remember(event.chat_id, recorded)
        log.info("handled update %s: %s %s", event.update_id, outcome.name, outcome.request_id or "")
        if outcome.detail.get("grid_changed"):
            await self.refresh_grid()
        self.on_commit()
        return outcome

    async def abandon(self, event: ChatEvent) -> None:
        """An update whose handling kept failing and is given up: a press still gets its answer."""
        if isinstance(event, ButtonPress):
            async with self.uow_factory() as uow:
                await uow.outbox.add(AnswerButton(event.callback_id, self.ctx.texts.text("button_unknown")))
                await uow.commit()
            self.on_commit()

    async def refresh_grid(self) -> None:
        """A chat bound or a secretary added or removed: the grid in effect changes at once."""
        async with self.uow_factory() as uow:
            grid = await grid_in_effect(uow, self.configured)
        self.ctx = replace(self.ctx, policy=replace(self.ctx.policy, grid=grid))
        self._recorded.clear()  # a chat's place in the grid may have changed: record it again
        self.on_context(self.ctx)

    async def _chat_seen(self, uow: UnitOfWork, message: ChatMessage) -> datetime | None:
        """Record the chat; the time when its group row was written (to remember once committed)."""
        now = self.ctx.clock.now()
        if not message.is_private and self._fresh(message.chat_id, now):
            # Only the cheap part: a group the bot was kicked from and is back in is written to again.
            await uow.grid.chat_back(message.chat_id)
            return None
        compound = self.ctx.policy.grid.compound_of_chat(message.chat_id)
        # First, so every message handler takes this chat's row lock before any request's.
        await uow.grid.chat_seen(
            message.chat_id,
            message.is_private,
            None if compound is None else compound.name,
            None if compound is None else compound.community,
            now,
        )
        if message.is_private:
            # A private message means the bot may now write to this person, volunteer or not.
            user = message.sender
            await uow.people.seen(user.user_id, user.name, user.username, started_bot=True)
            volunteer = await uow.volunteers.get(user.user_id)
            if volunteer is not None and not volunteer.started_bot:
                await uow.volunteers.save(replace(volunteer, started_bot=True))
            return None
        return now

    def _reading_of(self, message: ChatMessage) -> Reading | None:
        """What `settles` read in this very message, by the reader in effect."""
        kept = self._readings.pop(message.update_id, None)
        if kept is None or kept[0] != message.text or kept[1] is not self.ctx.read:
            return None
        return kept[2]

    def _fresh(self, chat_id: int, now: datetime | None = None) -> bool:
        at = self._recorded.get(chat_id)
        return at is not None and (now or self.ctx.clock.now()) - at < CHAT_REFRESH

    def _remember(self, chat_id: int, at: datetime) -> None:
        if len(self._recorded) >= REMEMBERED_CHATS:
            self._recorded.clear()
        self._recorded[chat_id] = at
