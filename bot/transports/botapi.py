"""One Bot API table for both transports: the calls, their markup and the errors they map to.

aiogram's and python-telegram-bot's Bot objects take the same method names and keywords, and their
types the same fields, so one implementation of `bot.delivery.BotApi` serves both. A transport
gives only what truly differs (`Library`): its Bot, its four types and its exception classes.
Each call is exactly one HTTP request; the outbox sender owns rate limiting and retries.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from bot.delivery import Ambiguous, BotCommand, BotIdentity, DeliveryError, Rejected, RetryAfter, Unreachable
from bot.transports.translate import describe, is_already_deleted, is_not_modified
from handlers.chat import File, Keyboard

Failure = Literal["retry_after", "unreachable", "rejected"]

# Rejections that say the chat itself is closed to the bot, not just this one message.
_CHAT_GONE = (
    "chat not found", "bot was kicked", "bot was blocked", "bot is not a member", "upgraded to a supergroup",
    "user is deactivated", "not enough rights to send", "have no rights to send",
)


class GarbledReply(Exception):
    """A 2xx answer the library could not parse; `body` is what came (raised by a transport's
    HTTP layer, which alone still knows the status)."""

    def __init__(self, body: str) -> None:
        super().__init__(f"unusable 2xx answer: {body[:80]!r}")
        self.body = body


def message_id_in(body: object) -> int | None:
    """The message id in a raw answer the library refused, when it is there after all."""
    try:
        data = json.loads(body) if isinstance(body, str | bytes) else None
    except ValueError:
        return None
    result = data.get("result") if isinstance(data, dict) else None
    found = result.get("message_id") if isinstance(result, dict) else None
    return found if isinstance(found, int) and not isinstance(found, bool) else None


@dataclass(frozen=True, slots=True)
class Library:
    """What one framework brings to the table."""

    token: str
    ready: Callable[[], Awaitable[Any]]  # the library's Bot, ready for calls
    button: Callable[..., Any]  # InlineKeyboardButton(text=, callback_data=)
    markup: Callable[..., Any]  # InlineKeyboardMarkup(inline_keyboard=)
    reply: Callable[..., Any]  # ReplyParameters(message_id=, allow_sending_without_reply=)
    command: Callable[..., Any]  # BotCommand(command=, description=)
    upload: Callable[[bytes, str], Any]  # an input file from bytes and a file name (sent as multipart)
    # The library's exceptions, first match wins; anything else is a bug and is re-raised.
    failures: tuple[tuple[tuple[type[BaseException], ...], Failure], ...]
    retry_seconds: Callable[[Any], float]  # a RetryAfter's wait, in seconds
    # True when the request was written and its answer lost or unusable (checked first).
    ambiguous: Callable[[BaseException], bool]
    bad_request: type[Exception]  # has .message; "message is not modified" on an edit is success


def mapped(exc: BaseException, library: Library) -> DeliveryError | None:
    """Our error for the library's, or None for what is not a delivery failure."""
    if library.ambiguous(exc):
        return Ambiguous(describe(exc, library.token), message_id_in(getattr(exc, "body", None)))
    for classes, failure in library.failures:
        if isinstance(exc, classes):
            if failure == "retry_after":
                return RetryAfter(library.retry_seconds(exc))
            what = describe(exc, library.token)
            if failure == "unreachable":
                return Unreachable(what)
            return Rejected(what, chat_gone=any(phrase in what.lower() for phrase in _CHAT_GONE))
    return None


@contextlib.contextmanager
def delivery_errors(library: Library) -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        found = mapped(exc, library)
        if found is None:
            raise
        # `from None`: the library's exception text may quote the request URL, i.e. the token.
        raise found from None


def markup(library: Library, keyboard: Keyboard) -> Any:
    if not keyboard:
        return None  # on an edit, no markup removes the old keyboard, as intended
    rows = [[library.button(text=b.text, callback_data=b.data) for b in row] for row in keyboard]
    return library.markup(inline_keyboard=rows)


class TableApi:
    """`bot.delivery.BotApi` (and the bootstrap's getMe / setMyCommands) over either library;
    parse mode HTML comes from the library's defaults."""

    def __init__(self, library: Library) -> None:
        self.library = library

    async def send_message(
        self, chat_id: int, text: str, keyboard: Keyboard, reply_to_message_id: int | None
    ) -> int:
        lib = self.library
        reply = (
            lib.reply(message_id=reply_to_message_id, allow_sending_without_reply=True)
            if reply_to_message_id is not None
            else None
        )
        with delivery_errors(lib):
            bot = await lib.ready()
            sent = await bot.send_message(
                chat_id=chat_id, text=text, reply_markup=markup(lib, keyboard), reply_parameters=reply
            )
        message_id = getattr(sent, "message_id", None)
        if not isinstance(message_id, int):  # `result: null`: sent, or not, nobody can tell
            raise Ambiguous(f"sendMessage answered without a message: {sent!r:.80}")
        return message_id

    async def send_file(self, chat_id: int, file: File, caption: str, photo: bool) -> int:
        lib = self.library
        upload = lib.upload(file.data, file.name)
        with delivery_errors(lib):
            bot = await lib.ready()
            if photo:
                sent = await bot.send_photo(chat_id=chat_id, photo=upload, caption=caption or None)
            else:
                sent = await bot.send_document(chat_id=chat_id, document=upload, caption=caption or None)
        return int(sent.message_id)

    async def edit_message(self, chat_id: int, message_id: int, text: str, keyboard: Keyboard) -> None:
        lib = self.library
        with delivery_errors(lib):
            bot = await lib.ready()
            try:
                await bot.edit_message_text(
                    text=text, chat_id=chat_id, message_id=message_id, reply_markup=markup(lib, keyboard)
                )
            except lib.bad_request as exc:
                if not is_not_modified(str(getattr(exc, "message", exc))):
                    raise

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        lib = self.library
        with delivery_errors(lib):
            bot = await lib.ready()
            try:
                await bot.delete_message(chat_id=chat_id, message_id=message_id)
            except lib.bad_request as exc:
                if not is_already_deleted(str(getattr(exc, "message", exc))):
                    raise

    async def answer_button(self, callback_id: str, text: str | None, alert: bool) -> None:
        with delivery_errors(self.library):
            bot = await self.library.ready()
            await bot.answer_callback_query(callback_query_id=callback_id, text=text, show_alert=alert)

    async def identify(self) -> BotIdentity:
        with delivery_errors(self.library):
            bot = await self.library.ready()
            me = await bot.get_me()
        reads_all = getattr(me, "can_read_all_group_messages", None)
        return BotIdentity(int(me.id), str(me.username or ""), reads_all is not False)

    async def set_commands(self, commands: Sequence[BotCommand], language: str | None) -> None:
        lib = self.library
        with delivery_errors(lib):
            bot = await lib.ready()
            await bot.set_my_commands(
                commands=[lib.command(command=c.name, description=c.description) for c in commands],
                language_code=language,
            )
