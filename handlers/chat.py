"""What the core receives from a chat and what it asks to be sent back.

Transports translate their framework's updates into these types and these actions into API calls;
nothing here knows which framework (or which database) is underneath.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import ClassVar

from handlers.domain.request import Request

# --- incoming ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sender:
    user_id: int
    name: str
    username: str | None = None


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """A text message, new or edited, in a group or a private chat."""

    update_id: int
    chat_id: int
    is_private: bool
    message_id: int
    sender: Sender
    text: str
    at: datetime
    reply_to_message_id: int | None = None
    edited: bool = False
    # The replied-to message's words and writer, when a person (not a bot) wrote it.
    reply_to_text: str | None = None
    reply_to_user_id: int | None = None
    # A forward: None when the sender wrote it; else who wrote it first, "" when Telegram hides them.
    forwarded_from: str | None = None


@dataclass(frozen=True, slots=True)
class ButtonPress:
    """A press on an inline button of one of the bot's messages."""

    update_id: int
    callback_id: str
    chat_id: int
    message_id: int
    sender: Sender
    data: str
    at: datetime


ChatEvent = ChatMessage | ButtonPress


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An update the framework could not parse: kept (in the inbox) for whoever looks into it,
    never handled, and never fetched again."""

    update_id: int
    raw: dict[str, object]
    error: str


Received = ChatEvent | Unreadable

# C0 and C1 controls (tab and newline kept), DEL, and lone surrogates (which JSON escapes can
# carry but no database can store); PostgreSQL rejects NUL outright.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text as it may be stored and read: a carriage return becomes a newline, other control
    characters go."""
    if text.isprintable():
        return text
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def cleaned(event: ChatEvent) -> ChatEvent:
    """The event with clean text in every field people typed (see clean_text)."""
    sender = replace(event.sender, name=clean_text(event.sender.name))
    if isinstance(event, ButtonPress):
        return replace(event, sender=sender, data=clean_text(event.data))
    return replace(
        event,
        sender=sender,
        text=clean_text(event.text),
        reply_to_text=None if event.reply_to_text is None else clean_text(event.reply_to_text),
        forwarded_from=None if event.forwarded_from is None else clean_text(event.forwarded_from),
    )


# --- outgoing ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Button:
    text: str
    data: str  # callback_data: at most 64 bytes, checked by the renderer's tests


Keyboard = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True, slots=True)
class Send:
    """Send an HTML message. `ref` names it so later edits can find it once it is sent.

    `urgent` (an emergency: "call 120 now") goes before everything else still queued for its
    chat, and first when chats compete for the global budget; the flood limits still apply.
    `ack` (an acknowledgement: the answer to someone's words) goes after the chat's cards and
    calls; acknowledgements under one `ref` fold into one while one is on its way or just sent."""

    chat_id: int
    text: str
    keyboard: Keyboard = ()
    reply_to_message_id: int | None = None
    ref: str | None = None
    urgent: bool = False
    ack: bool = False


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text and keyboard of the message sent under `ref`."""

    chat_id: int
    ref: str
    text: str
    keyboard: Keyboard = ()


@dataclass(frozen=True, slots=True)
class AnswerButton:
    callback_id: str
    text: str | None = None
    alert: bool = False


@dataclass(frozen=True, slots=True)
class Delete:
    """Delete the message sent under `ref` (deleteMessage); it waits for that message's Send."""

    chat_id: int
    ref: str
    text: ClassVar[None] = None  # says nothing (every action has a `text`, for logs and tests)


@dataclass(frozen=True, slots=True)
class File:
    """A file the bot made (a chart, an export): its name as the user sees it, and its bytes."""

    name: str
    data: bytes = field(repr=False)
    mime: str = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class SendFile:
    """Send a file with an HTML caption (`text`): as a photo (sendPhoto) or a document (sendDocument).

    The outbox keeps the bytes beside the row in the same transaction (storage/tables_reports.py)."""

    chat_id: int
    file: File
    text: str = ""
    photo: bool = False
    ref: str | None = None


Action = Send | Edit | AnswerButton | Delete | SendFile


@dataclass(frozen=True, slots=True)
class Tell:
    """A private word to people other than the one who gave the command (those on their way).

    The bot can write privately only to people who started it; for the others `fallback` (a
    message in the group) is sent once, or nothing when there is none."""

    user_ids: tuple[int, ...]
    text: str
    keyboard: Keyboard = ()
    fallback: Send | None = None


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message a use case wants sent (or an edit, a deletion, a file): the presenter writes it to
    the outbox, in the unit of work of the change, under `request_id` (the request it is about)."""

    action: Action
    request_id: int | None = None


@dataclass(slots=True)
class Outcome:
    """What a handler did, for tests and logs; the real effects are in the unit of work.

    `answer` is said back to whoever gave the command, the way they gave it: a reply to their
    words, a toast on their button (handlers/present.py). `toast` is for a button only: words
    need no answer where the card already shows what happened. `card` is redrawn by the
    presenter too, whichever way the command came (the ladder's timers included), and so are
    the private words of `tell`. `outgoing` is everything else the use case wants said (calls to
    volunteers, notes to secretaries, views it draws), written first and in its order."""

    name: str
    request_id: int | None = None
    detail: dict[str, object] = field(default_factory=dict)
    answer: str | None = field(default=None, repr=False)
    toast: str | None = field(default=None, repr=False)
    card: Request | None = field(default=None, repr=False)  # a request whose card shows the change
    tell: tuple[Tell, ...] = field(default=(), repr=False)
    files: tuple[File, ...] = field(default=(), repr=False)  # files made for a caller that writes them (the CLI)
    outgoing: tuple[Outgoing, ...] = field(default=(), repr=False)

    def preceded_by(self, outgoing: tuple[Outgoing, ...]) -> Outcome:
        """This outcome, with what an earlier step of the same use case wants said going first."""
        self.outgoing = outgoing + self.outgoing
        return self


def card_ref(request_id: int) -> str:
    return f"card:{request_id}"


def ack_ref(outcome: Outcome) -> str | None:
    """Equal answers about one request ("already taken by …" to twenty "我来") share this ref."""
    return None if outcome.request_id is None else f"ack:{outcome.name}:{outcome.request_id}"
