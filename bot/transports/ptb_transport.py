"""The python-telegram-bot 22 transport: long polling in (bot/transports/polling.py owns the
offset; PTB makes the request, parses each update and dispatches it through its Application)
or a webhook (bot/transports/webhook.py, PTB parses), Bot API calls out, nothing else.

No AIORateLimiter is installed and PTB's Updater is not used, so each BotApi call is exactly one
HTTP request; the outbox sender owns rate limiting and retries.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    ReplyParameters,
    Update,
)
from telegram import BotCommand as PtbBotCommand
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, TelegramError, TimedOut
from telegram.error import RetryAfter as PtbRetryAfter
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, Defaults, MessageHandler, filters
from telegram.warnings import PTBDeprecationWarning

from bot.config_tables import WebhookSection
from bot.delivery import BotApi, BotCommand, BotIdentity, InboxSink
from bot.transports.botapi import Library, TableApi, delivery_errors
from bot.transports.intake import Intake
from bot.transports.polling import Gate, Json
from bot.transports.ptb_http import PtbRequest, ambiguous_answer
from bot.transports.translate import ALLOWED_UPDATES, check_token, protect_token, to_button_press, to_chat_message
from handlers.chat import ChatEvent

log = logging.getLogger(__name__)

# Seconds a long poll's HTTP request may take beyond the poll's own timeout.
POLL_MARGIN_SECONDS = 10

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
        upload=lambda data, name: InputFile(data, filename=name),
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
    """`bot.delivery.Transport` on python-telegram-bot 22: updates fed to an Application by
    OffsetPolling (no Updater)."""

    def __init__(
        self, token: str, api_base: str = "https://api.telegram.org", *, poll_timeout: int = 30,
        request_timeout: float = 10.0,
        webhook: WebhookSection | None = None, gate: Gate | None = None,
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
            .updater(None)  # OffsetPolling fetches; the Application only dispatches
            .job_queue(None)  # APScheduler is installed for jobs/; PTB must not start its own
            .build()
        )
        self._library = ptb_library(self._app.bot, token)
        self._api = TableApi(self._library)
        self.api: BotApi = self._api
        # What the handlers made of the update being dispatched (PTB's handlers return nothing).
        self._read_now: dict[int, ChatEvent | BaseException | None] = {}
        updates = filters.UpdateType.MESSAGES  # new and edited; translate decides what counts
        self._app.add_handler(MessageHandler(updates, self._on_message))
        self._app.add_handler(CallbackQueryHandler(self._on_callback_query))
        self._app.add_error_handler(self._on_error)
        self._intake = Intake(
            self._fetch, self._read, token=token, poll_timeout=poll_timeout, webhook=webhook, gate=gate
        )

    async def identify(self) -> BotIdentity:
        return await self._api.identify()

    async def set_commands(self, commands: Sequence[BotCommand], language: str | None) -> None:
        await self._api.set_commands(commands, language)

    async def start(self, store: InboxSink) -> None:
        with delivery_errors(self._library):
            await self._app.initialize()  # getMe: a bad token fails here, to the caller
            try:
                await self._intake.start(store, set_webhook=self._set_webhook, delete_webhook=self._delete_webhook)
            except BaseException:
                await self.stop()
                raise

    async def stop(self) -> None:
        await self._intake.stop()
        await self._app.shutdown()
        # The API may have been used without start() (or start() failed half-way): the
        # Application then skips shutdown, so close the bot's HTTP clients directly (idempotent).
        await self._app.bot.shutdown()

    async def _set_webhook(self, url: str, secret: str) -> None:
        await self._app.bot.set_webhook(
            url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES), drop_pending_updates=False
        )

    async def _delete_webhook(self) -> None:
        await self._app.bot.delete_webhook(drop_pending_updates=False)

    # --- update plumbing ------------------------------------------------------------------

    async def _fetch(self, offset: int | None, timeout: int) -> list[Json]:
        bot = await self._library.ready()
        with warnings.catch_warnings():
            # PTB suggests its own get_updates, which parses the whole batch at once.
            warnings.simplefilter("ignore")
            result = await bot.do_api_request(
                "getUpdates",
                api_kwargs={"offset": offset, "timeout": timeout, "allowed_updates": list(ALLOWED_UPDATES)},
                read_timeout=timeout + POLL_MARGIN_SECONDS,
            )
        if not isinstance(result, list):
            raise TypeError(f"getUpdates answered {type(result).__name__}, not a list")
        return result

    async def _read(self, raw: Json) -> ChatEvent | None:
        update = Update.de_json(raw, self._app.bot)
        self._read_now[update.update_id] = None
        try:
            await self._app.process_update(update)
            found = self._read_now.get(update.update_id)
        finally:
            self._read_now.pop(update.update_id, None)
        if isinstance(found, BaseException):
            raise found
        return found

    async def _on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        edited = update.edited_message is not None
        message = update.edited_message or update.message
        if message is not None:
            self._read_now[update.update_id] = to_chat_message(update.update_id, message, edited=edited)

    async def _on_callback_query(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.callback_query is not None:
            self._read_now[update.update_id] = to_button_press(update.update_id, update.callback_query)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # A handler that failed to translate: the update is then unreadable (OffsetPolling).
        if isinstance(update, Update) and context.error is not None:
            self._read_now[update.update_id] = context.error
