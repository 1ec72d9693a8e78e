"""The aiogram 3 transport: long polling in (bot/transports/polling.py owns the offset; aiogram
makes the request, parses each update and dispatches it) or a webhook (bot/transports/webhook.py,
aiogram parses), Bot API calls out, nothing else.

aiogram's Bot never retries a request and installs no request middleware by default, so each
BotApi call is exactly one HTTP request; the outbox sender owns rate limiting and retries.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any, ClassVar

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods.base import Response, TelegramMethod
from aiogram.types import (
    BotCommand as AiogramBotCommand,
)
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    Update,
)
from aiohttp import ClientError, ConnectionTimeoutError

from bot.config_tables import WebhookSection
from bot.delivery import BotApi, BotCommand, BotIdentity, InboxSink
from bot.transports.botapi import GarbledReply, Library, TableApi, delivery_errors
from bot.transports.intake import Intake
from bot.transports.polling import Gate, Json
from bot.transports.translate import ALLOWED_UPDATES, check_token, protect_token, to_button_press, to_chat_message
from handlers.chat import ChatEvent, ChatMessage

log = logging.getLogger(__name__)

# Seconds a long poll's HTTP request may take beyond the poll's own timeout.
POLL_MARGIN_SECONDS = 10


class RawGetUpdates(TelegramMethod[list[Json]]):
    """getUpdates through aiogram's session (its API server, timeouts and errors), answered as
    JSON: each update is then parsed on its own, so one aiogram cannot read spoils no other."""

    __returning__: ClassVar[type] = list[Json]
    __api_method__: ClassVar[str] = "getUpdates"

    offset: int | None = None
    timeout: int | None = None
    allowed_updates: list[str] | None = None


class _Session(AiohttpSession):
    """aiogram's session, telling a 2xx it cannot parse from an error page it cannot parse."""

    # aiogram reads each answer as Response[method.__returning__]; pydantic keeps such a
    # parametrised class only while something else refers to it, so every garbage collection
    # dropped Response[Message] and the next call built its schema again (4-5 ms of CPU a card).
    _answer_types: ClassVar[dict[Any, type]] = {}

    def check_response(self, bot: Bot, method: Any, status_code: int, content: str) -> Any:
        returning = method.__returning__
        if returning not in self._answer_types:
            self._answer_types[returning] = Response[returning]  # type: ignore[valid-type]
        try:
            return super().check_response(bot=bot, method=method, status_code=status_code, content=content)
        except ClientDecodeError as exc:
            if HTTPStatus.OK <= status_code < HTTPStatus.MULTIPLE_CHOICES:
                raise GarbledReply(content) from exc
            raise


def _ambiguous(exc: BaseException) -> bool:
    if isinstance(exc, GarbledReply):
        return True
    if not isinstance(exc, TelegramNetworkError):
        return False
    # aiogram chains the aiohttp error: a timeout after connecting means the request was written
    # and may have taken effect. A hang-up is retried: a server going away drops its idle
    # connections, and the next request written on one fails that way without reaching anybody.
    cause = exc.__cause__
    return isinstance(cause, TimeoutError) and not isinstance(cause, ConnectionTimeoutError)


def aiogram_library(bot: Bot, token: str) -> Library:
    async def ready() -> Bot:
        return bot

    return Library(
        token=token,
        ready=ready,
        button=InlineKeyboardButton,
        markup=InlineKeyboardMarkup,
        reply=ReplyParameters,
        command=AiogramBotCommand,
        upload=lambda data, name: BufferedInputFile(data, filename=name),
        failures=(
            ((TelegramRetryAfter,), "retry_after"),
            # TelegramNetworkError already wraps aiohttp's ClientError and timeouts; the raw ones
            # are kept for calls that fail before aiogram gets to wrap them. A garbled body (a
            # proxy's HTML error page) is an outage too.
            (
                (TelegramNetworkError, TelegramServerError, ClientDecodeError, ClientError, TimeoutError),
                "unreachable",
            ),
            # Bad request, forbidden, not found, unauthorized, conflict, migrated: retrying won't help.
            ((TelegramAPIError,), "rejected"),
        ),
        retry_seconds=lambda exc: float(exc.retry_after),
        bad_request=TelegramBadRequest,
        ambiguous=_ambiguous,
    )


class AiogramTransport:
    """`bot.delivery.Transport` on aiogram 3: updates fed to a Dispatcher by OffsetPolling."""

    def __init__(
        self, token: str, api_base: str = "https://api.telegram.org", *, poll_timeout: int = 30,
        request_timeout: float = 10.0,
        webhook: WebhookSection | None = None, gate: Gate | None = None,
    ) -> None:
        check_token(token)
        protect_token(token, ("aiogram", "aiohttp"))
        self._token = token
        self._bot = Bot(
            token,
            session=_Session(api=TelegramAPIServer.from_base(api_base), timeout=request_timeout),
            default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
        )
        self._library = aiogram_library(self._bot, token)
        self._api = TableApi(self._library)
        self.api: BotApi = self._api
        self._dispatcher = Dispatcher(disable_fsm=True)  # no conversation state lives in the framework
        self._dispatcher.message.register(self._on_message)
        self._dispatcher.edited_message.register(self._on_edited_message)
        self._dispatcher.callback_query.register(self._on_callback_query)
        self._intake = Intake(
            self._fetch, self._read, token=token, poll_timeout=poll_timeout, webhook=webhook, gate=gate
        )

    async def identify(self) -> BotIdentity:
        return await self._api.identify()

    async def set_commands(self, commands: Sequence[BotCommand], language: str | None) -> None:
        await self._api.set_commands(commands, language)

    async def start(self, store: InboxSink) -> None:
        # Fail here, to the caller: a bad token or an unreachable API.
        with delivery_errors(self._library):
            await self._bot.me()
            await self._intake.start(store, set_webhook=self._set_webhook, delete_webhook=self._delete_webhook)

    async def stop(self) -> None:
        await self._intake.stop()
        await self._bot.session.close()

    async def _set_webhook(self, url: str, secret: str) -> None:
        await self._bot.set_webhook(
            url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES), drop_pending_updates=False
        )

    async def _delete_webhook(self) -> None:
        await self._bot.delete_webhook(drop_pending_updates=False)

    # --- update plumbing ------------------------------------------------------------------

    async def _fetch(self, offset: int | None, timeout: int) -> list[Json]:
        method = RawGetUpdates(offset=offset, timeout=timeout, allowed_updates=list(ALLOWED_UPDATES))
        return await self._bot(method, request_timeout=timeout + POLL_MARGIN_SECONDS)

    async def _read(self, raw: Json) -> ChatEvent | None:
        update = Update.model_validate(raw, context={"bot": self._bot})
        event = await self._dispatcher.feed_update(self._bot, update)
        return None if event is UNHANDLED else event

    async def _on_message(self, message: Message, event_update: Update) -> ChatMessage | None:
        return to_chat_message(event_update.update_id, message, edited=False)

    async def _on_edited_message(self, edited_message: Message, event_update: Update) -> ChatMessage | None:
        return to_chat_message(event_update.update_id, edited_message, edited=True)

    async def _on_callback_query(self, callback_query: CallbackQuery, event_update: Update) -> ChatEvent:
        return to_button_press(event_update.update_id, callback_query)
