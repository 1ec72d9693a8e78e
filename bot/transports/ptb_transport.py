"""The python-telegram-bot 22 transport: long polling in, Bot API calls out, nothing else.

No AIORateLimiter is installed and PTB retries nothing but its own getUpdates loop, so each
BotApi call is exactly one HTTP request; the outbox sender owns rate limiting and retries.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Coroutine, Sequence
from datetime import timedelta
from typing import Any

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    ReplyParameters,
    Update,
)
from telegram import BotCommand as PtbBotCommand
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    NetworkError,
    TelegramError,
    TimedOut,
)
from telegram.error import (
    RetryAfter as PtbRetryAfter,
)
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBDeprecationWarning

from bot.delivery import BotApi, BotCommand, BotIdentity, EventSink
from bot.transports.botapi import Library, TableApi, delivery_errors
from bot.transports.ptb_http import PtbRequest, ambiguous_answer
from bot.transports.translate import (
    ALLOWED_UPDATES,
    STOP_GRACE_SECONDS,
    check_token,
    deliver,
    describe,
    protect_token,
    to_button_press,
    to_chat_message,
)

log = logging.getLogger(__name__)

# The application's generic parameters (bot, context, user/chat/bot data, job queue) are of no
# interest here: no persistence, no job queue, no context data.
PtbApplication = Application[Any, Any, Any, Any, Any, Any]


def _retry_seconds(exc: PtbRetryAfter) -> float:
    # PTB 22 returns an int and warns about its coming switch to timedelta (or returns the
    # timedelta already when PTB_TIMEDELTA is set): accept both and keep the log quiet.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value: object = exc.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, int | float):
        return float(value)
    raise TypeError(f"unexpected retry_after {value!r}")


def ptb_library(bot: Bot, token: str) -> Library:
    # Bot.initialize() checks its flags only on entry and sets them after awaiting, so two
    # concurrent first calls (the sender starts several at once) would both initialise.
    lock = asyncio.Lock()

    async def ready() -> Bot:
        # PTB's HTTP clients exist only between initialize() and shutdown(); initializing is a
        # no-op once done, and lets the API be used before start() and after stop() as aiogram's.
        async with lock:
            await bot.initialize()
        return bot

    return Library(
        token=token,
        ready=ready,
        button=InlineKeyboardButton,
        markup=InlineKeyboardMarkup,
        reply=ReplyParameters,
        command=PtbBotCommand,
        failures=(
            ((PtbRetryAfter,), "retry_after"),
            # BadRequest subclasses NetworkError in PTB, so it must be told apart first.
            ((BadRequest,), "rejected"),
            # NetworkError also covers 5xx and bodies that are not JSON; TimedOut is one of them.
            ((NetworkError, TimedOut, TimeoutError), "unreachable"),
            # Forbidden, InvalidToken (401/404), Conflict, ChatMigrated: retrying won't help.
            ((TelegramError,), "rejected"),
        ),
        retry_seconds=_retry_seconds,
        bad_request=BadRequest,
        ambiguous=ambiguous_answer,
    )


class PtbTransport:
    """`bot.delivery.Transport` on python-telegram-bot 22: Application + Updater polling."""

    def __init__(
        self, token: str, api_base: str = "https://api.telegram.org", *, poll_timeout: int = 30,
        request_timeout: float = 10.0,
    ) -> None:
        check_token(token)
        # PTB 22.2+ reads its own RetryAfter.retry_after inside the exception's constructor and
        # so warns on every 429; _retry_seconds() already copes with both int and timedelta.
        warnings.filterwarnings(
            "ignore", message=r".*`retry_after` will be of type", category=PTBDeprecationWarning
        )
        # Before building: the Bot logs its URL (token included) at DEBUG as it is created.
        protect_token(token, ("telegram", "httpx", "httpcore"))
        self._token = token
        self._poll_timeout = poll_timeout
        base = api_base.rstrip("/")
        self._app: PtbApplication = (
            Application.builder()
            .token(token)
            .base_url(f"{base}/bot")  # PTB appends the token to both
            .base_file_url(f"{base}/file/bot")
            .request(
                PtbRequest(read_timeout=request_timeout, write_timeout=request_timeout, connect_timeout=request_timeout)
            )
            .defaults(
                Defaults(
                    parse_mode=ParseMode.HTML,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )
            )
            .concurrent_updates(True)  # the core is safe under concurrency, as with aiogram
            .job_queue(None)  # APScheduler is installed for jobs/; PTB must not start its own
            .build()
        )
        self._library = ptb_library(self._app.bot, token)
        self._api = TableApi(self._library)
        self.api: BotApi = self._api
        self._sink: EventSink | None = None
        updates = filters.UpdateType.MESSAGES  # new and edited; translate decides what counts
        self._app.add_handler(MessageHandler(updates, self._on_message))
        self._app.add_handler(CallbackQueryHandler(self._on_callback_query))

    async def identify(self) -> BotIdentity:
        return await self._api.identify()

    async def set_commands(self, commands: Sequence[BotCommand], language: str | None) -> None:
        await self._api.set_commands(commands, language)

    async def start(self, sink: EventSink) -> None:
        if self._app.running:
            raise RuntimeError("transport already started")
        self._sink = sink
        updater = self._app.updater
        if updater is None:  # only when built with .updater(None)
            raise RuntimeError("PTB application has no updater")
        with delivery_errors(self._library):
            await self._app.initialize()  # getMe: a bad token fails here, to the caller
            try:
                await self._app.start()
                # bootstrap_retries=0 (the default): an unreachable API fails start() instead
                # of being retried in the background.
                await updater.start_polling(
                    timeout=self._poll_timeout,
                    allowed_updates=list(ALLOWED_UPDATES),
                    drop_pending_updates=False,
                    error_callback=self._polling_failed,
                )
            except BaseException:
                await self.stop()
                raise

    async def stop(self) -> None:
        updater = self._app.updater
        if updater is not None and updater.running:
            # After a failed getUpdates the Updater sleeps up to 30 s without watching its stop
            # event; the bound keeps stop() prompt (cancelling it cancels that sleep).
            await self._bounded(updater.stop(), "updater")
        if self._app.running:
            # Waits for updates being handled: the sink gets to record them.
            await self._bounded(self._app.stop(), "application")
        await self._app.shutdown()
        # The API may have been used without start() (or start() failed half-way): the
        # Application then skips shutdown, so close the bot's HTTP clients directly (idempotent).
        await self._app.bot.shutdown()

    @staticmethod
    async def _bounded(step: Coroutine[Any, Any, None], what: str) -> None:
        try:
            await asyncio.wait_for(step, STOP_GRACE_SECONDS)
        except TimeoutError:
            log.warning("PTB %s did not stop within %.1fs; cancelled", what, STOP_GRACE_SECONDS)

    def _polling_failed(self, exc: TelegramError) -> None:
        # Replaces PTB's default, a full traceback per failed getUpdates while the API is down;
        # one line each, as aiogram logs it. PTB itself backs off (1 s growing to 30 s).
        log.warning("fetching updates failed: %s", describe(exc, self._token))

    # --- update plumbing ------------------------------------------------------------------

    async def _on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        edited = update.edited_message is not None
        message = update.edited_message or update.message
        if message is None or self._sink is None:
            return
        await deliver(self._sink, to_chat_message(update.update_id, message, edited=edited))

    async def _on_callback_query(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None or self._sink is None:
            return
        await deliver(self._sink, to_button_press(update.update_id, query))
