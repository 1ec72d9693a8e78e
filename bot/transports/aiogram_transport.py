"""The aiogram 3 transport: long polling in, Bot API calls out, nothing else.

aiogram's Bot never retries a request and installs no request middleware by default, so each
BotApi call is exactly one HTTP request; the outbox sender owns rate limiting and retries.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from http import HTTPStatus
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BotCommand as AiogramBotCommand,
)
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    TelegramObject,
    Update,
)
from aiohttp import ClientError, ConnectionTimeoutError

from bot.delivery import BotApi, BotCommand, BotIdentity, EventSink
from bot.transports.botapi import GarbledReply, Library, TableApi, delivery_errors
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
from handlers.chat import ChatEvent

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class _Session(AiohttpSession):
    """aiogram's session, telling a 2xx it cannot parse from an error page it cannot parse."""

    def check_response(self, bot: Bot, method: Any, status_code: int, content: str) -> Any:
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
    """`bot.delivery.Transport` on aiogram 3: a Dispatcher polling in a background task."""

    def __init__(
        self, token: str, api_base: str = "https://api.telegram.org", *, poll_timeout: int = 30,
        request_timeout: float = 10.0,
    ) -> None:
        check_token(token)
        protect_token(token, ("aiogram", "aiohttp"))
        self._token = token
        self._poll_timeout = poll_timeout
        self._bot = Bot(
            token,
            session=_Session(api=TelegramAPIServer.from_base(api_base), timeout=request_timeout),
            default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
        )
        self._library = aiogram_library(self._bot, token)
        self._api = TableApi(self._library)
        self.api: BotApi = self._api
        self._sink: EventSink | None = None
        self._dispatcher: Dispatcher | None = None
        self._polling: asyncio.Task[None] | None = None
        self._in_flight: set[asyncio.Task[Any]] = set()
        self._last_update_id: int | None = None

    async def identify(self) -> BotIdentity:
        return await self._api.identify()

    async def set_commands(self, commands: Sequence[BotCommand], language: str | None) -> None:
        await self._api.set_commands(commands, language)

    async def start(self, sink: EventSink) -> None:
        if self._polling is not None:
            raise RuntimeError("transport already started")
        # Fail here, to the caller, rather than inside the polling task: aiogram's polling
        # starts with getMe (cached by bot.me()) and would die on a bad token without a word.
        # PTB deletes any webhook before polling; doing the same keeps the two interchangeable.
        with delivery_errors(self._library):
            await self._bot.me()
            await self._bot.delete_webhook(drop_pending_updates=False)
        self._sink = sink
        dispatcher = Dispatcher(disable_fsm=True)  # no conversation state lives in the framework
        dispatcher.update.outer_middleware(self._track)
        dispatcher.message.register(self._on_message)
        dispatcher.edited_message.register(self._on_edited_message)
        dispatcher.callback_query.register(self._on_callback_query)
        started = asyncio.Event()
        dispatcher.startup.register(started.set)
        self._dispatcher = dispatcher
        self._polling = asyncio.create_task(
            dispatcher.start_polling(
                self._bot,
                handle_signals=False,  # the process owner decides when to stop
                close_bot_session=False,  # stop() closes it after in-flight handlers finish
                allowed_updates=list(ALLOWED_UPDATES),
                polling_timeout=self._poll_timeout,
            ),
            name="aiogram-polling",
        )
        # stop_polling() refuses to run before the loop holds its lock; startup fires inside it.
        waiter = asyncio.create_task(started.wait())
        await asyncio.wait({waiter, self._polling}, return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        if self._polling.done():
            polling, self._polling = self._polling, None
            polling.result()  # surfaces the failure
            raise RuntimeError("aiogram polling ended as soon as it started")

    async def stop(self) -> None:
        polling, dispatcher = self._polling, self._dispatcher
        self._polling = self._dispatcher = None
        if polling is not None and dispatcher is not None:
            if not polling.done():
                await dispatcher.stop_polling()
            try:
                await polling
            except Exception:
                log.exception("aiogram polling failed")
        await self._drain()
        await self._confirm_offset()
        await self._bot.session.close()

    # --- update plumbing ------------------------------------------------------------------

    async def _track(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        """Outer middleware: remember what stop() must wait for and confirm. No logic here."""
        if isinstance(event, Update):
            last = self._last_update_id
            self._last_update_id = event.update_id if last is None else max(last, event.update_id)
        task = asyncio.current_task()
        if task is not None:
            self._in_flight.add(task)
        try:
            return await handler(event, data)
        finally:
            if task is not None:
                self._in_flight.discard(task)

    async def _on_message(self, message: Message, event_update: Update) -> None:
        await self._deliver(to_chat_message(event_update.update_id, message, edited=False))

    async def _on_edited_message(self, edited_message: Message, event_update: Update) -> None:
        await self._deliver(to_chat_message(event_update.update_id, edited_message, edited=True))

    async def _on_callback_query(self, callback_query: CallbackQuery, event_update: Update) -> None:
        await self._deliver(to_button_press(event_update.update_id, callback_query))

    async def _deliver(self, event: ChatEvent | None) -> None:
        if self._sink is not None:
            await deliver(self._sink, event)

    async def _drain(self) -> None:
        # aiogram runs each update as a task it never awaits on shutdown; let them finish
        # (the sink records them), within a bound so a stuck handler cannot hang the process.
        pending = {task for task in self._in_flight if task is not asyncio.current_task()}
        if not pending:
            return
        _, late = await asyncio.wait(pending, timeout=STOP_GRACE_SECONDS)
        for task in late:
            task.cancel()
        if late:
            log.warning("cancelled %d update handlers still running at stop", len(late))

    async def _confirm_offset(self) -> None:
        # aiogram confirms an update only with its next getUpdates, so a stop right after a
        # batch would see that batch again on restart. PTB confirms on stop; do the same.
        if self._last_update_id is None:
            return
        try:
            await self._bot.get_updates(
                offset=self._last_update_id + 1,
                timeout=0,
                allowed_updates=list(ALLOWED_UPDATES),
                request_timeout=int(STOP_GRACE_SECONDS) or 1,
            )
        except Exception as exc:
            log.warning("could not confirm handled updates on stop: %s", describe(exc, self._token))
