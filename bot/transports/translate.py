"""Framework-free helpers shared by both transports.

Both aiogram's pydantic models and PTB's classes expose the Bot API fields under the same
attribute names (`from_user`, `chat`, `message_id`, …), so one translation written against these
structural protocols serves both, and the e2e test can demand identical events from each.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Protocol

from handlers.chat import ButtonPress, ChatMessage, Sender

# my_chat_member is not translated yet, but asking for it now means Telegram keeps those
# updates for us; a bootstrap that starts caring about being added/removed needs no redeploy.
ALLOWED_UPDATES: tuple[str, ...] = ("message", "edited_message", "callback_query", "my_chat_member")

# How long stop() lets in-flight sink calls (and a stuck library shutdown step) finish.
STOP_GRACE_SECONDS = 1.5

log = logging.getLogger(__name__)


# --- the shape of the library objects we read -----------------------------------------------


class UserLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def is_bot(self) -> bool: ...
    @property
    def first_name(self) -> str: ...
    @property
    def last_name(self) -> str | None: ...
    @property
    def username(self) -> str | None: ...


class ChatLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def type(self) -> str: ...


class MessageRefLike(Protocol):
    """Enough of a message to point at it (also fits Telegram's InaccessibleMessage)."""

    @property
    def message_id(self) -> int: ...
    @property
    def chat(self) -> ChatLike: ...


class RepliedLike(Protocol):
    @property
    def message_id(self) -> int: ...
    @property
    def from_user(self) -> UserLike | None: ...
    @property
    def text(self) -> str | None: ...
    @property
    def caption(self) -> str | None: ...


class MessageLike(RepliedLike, Protocol):
    """A message as both frameworks give it: what a replied-to message has, and more."""

    @property
    def chat(self) -> ChatLike: ...
    @property
    def date(self) -> datetime: ...
    @property
    def reply_to_message(self) -> RepliedLike | None: ...
    @property
    def forward_origin(self) -> object | None: ...


class CallbackLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def from_user(self) -> UserLike: ...
    @property
    def message(self) -> MessageRefLike | None: ...
    @property
    def data(self) -> str | None: ...


# --- translation ---------------------------------------------------------------------------


def as_utc(moment: datetime) -> datetime:
    # Both libraries already return aware UTC; naive would mean a changed default, read as UTC.
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def full_name(user: UserLike) -> str:
    return f"{user.first_name} {user.last_name}" if user.last_name else user.first_name


def sender_of(user: UserLike) -> Sender:
    return Sender(user_id=user.id, name=full_name(user), username=user.username)


def forwarded_from(message: MessageLike) -> str | None:
    """Who wrote a forwarded message first: a user, a hidden user's name, a chat's or channel's
    title ("" when Telegram gives none); None when it is no forward. Same fields in both libraries."""
    origin = message.forward_origin
    if origin is None:
        return None
    user = getattr(origin, "sender_user", None)
    if user is not None:
        return full_name(user)
    chat = getattr(origin, "sender_chat", None) or getattr(origin, "chat", None)
    name = getattr(origin, "sender_user_name", None) or getattr(chat, "title", None) or ""
    return str(name)


def to_chat_message(update_id: int, message: MessageLike, *, edited: bool) -> ChatMessage | None:
    """The core's view of a message, or None for what it should never see."""
    user = message.from_user
    # No sender: channel posts. Bots include the anonymous-admin and linked-channel stand-ins,
    # and other bots' chatter, which must never be parsed as a resident's request.
    if user is None or user.is_bot:
        return None
    text = message.text or message.caption or ""
    if not text:  # stickers, bare photos, joins and other service messages
        return None
    replied = message.reply_to_message
    # What was replied to, when a person wrote it (a claim under a message that got no card).
    replied_user = replied.from_user if replied is not None else None
    by_person = replied is not None and replied_user is not None and not replied_user.is_bot
    return ChatMessage(
        update_id=update_id,
        chat_id=message.chat.id,
        is_private=message.chat.type == "private",
        message_id=message.message_id,
        sender=sender_of(user),
        text=text,
        at=as_utc(message.date),
        reply_to_message_id=replied.message_id if replied is not None else None,
        reply_to_text=(replied.text or replied.caption) if by_person and replied is not None else None,
        reply_to_user_id=replied_user.id if by_person and replied_user is not None else None,
        edited=edited,
        forwarded_from=forwarded_from(message),
    )


def to_button_press(update_id: int, query: CallbackLike, now: datetime | None = None) -> ButtonPress:
    """Every press, so that every press is answered: an inline-mode button (no message, chat 0)
    or a game button (no data) is none of ours and gets "this button has expired"."""
    message = query.message
    return ButtonPress(
        update_id=update_id,
        callback_id=query.id,
        chat_id=message.chat.id if message is not None else 0,
        message_id=message.message_id if message is not None else 0,
        sender=sender_of(query.from_user),
        data=query.data or "",
        at=now or datetime.now(UTC),
    )


def is_already_deleted(description: str) -> bool:
    return "message to delete not found" in description.lower()


def is_not_modified(description: str) -> bool:
    return "message is not modified" in description.lower()


# --- the token ----------------------------------------------------------------------------


def check_token(token: str) -> None:
    """Reject a malformed token early, without echoing it."""
    bot_id, sep, secret = token.partition(":")
    if not sep or not bot_id.isdigit() or not secret or any(c.isspace() for c in token):
        raise ValueError("the bot token is malformed (expected '<digits>:<secret>')")


def redact(text: str, token: str) -> str:
    # The secret half alone is enough to hijack the bot, so it is scrubbed wherever it appears.
    secret = token.partition(":")[2]
    text = text.replace(token, "<token>")
    return text.replace(secret, "<secret>") if secret else text


def describe(exc: BaseException, token: str) -> str:
    return redact(f"{type(exc).__name__}: {exc}", token)


class _Redactor(logging.Filter):
    """One shared filter, so that building many transports does not stack filters."""

    def __init__(self) -> None:
        super().__init__()
        self.tokens: set[str] = set()

    def scrub(self, text: str) -> str:
        for token in self.tokens:
            text = redact(text, token)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self.scrub(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when it is set, so the traceback is rendered once, clean.
            record.exc_text = self.scrub(logging.Formatter().formatException(record.exc_info))
        return True


_redactor = _Redactor()


def protect_token(token: str, libraries: tuple[str, ...]) -> None:
    """Scrub the token from the log records of the named libraries (call after importing them).

    httpx logs every request URL, which holds the token, at INFO; PTB logs it at DEBUG and quotes
    it in InvalidToken. A filter on a logger does not see its children's records, so every
    existing logger of those libraries gets the filter (adding it twice is a no-op).
    """
    _redactor.tokens.add(token)
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger) and name.split(".")[0] in libraries:
            logger.addFilter(_redactor)
    for name in libraries:
        logging.getLogger(name).addFilter(_redactor)
