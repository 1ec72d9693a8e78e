"""The Bot API as the sender and the bootstrap see it, whichever framework is underneath.

Each transport implements `BotApi` and maps its library's errors onto the three below, so that
the sender's retry policy is written once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from handlers.chat import File, Keyboard, Received


class DeliveryError(Exception):
    """Base of what a Bot API call can fail with."""


class RetryAfter(DeliveryError):
    """429: Telegram asks us to wait before writing to this chat again."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class Unreachable(DeliveryError):
    """Network failure, timeout or 5xx: worth retrying with backoff."""


class Rejected(DeliveryError):
    """400 / 403: retrying will not help (blocked by the user, message gone, bad markup).

    `chat_gone`: the chat itself cannot be written to (the bot was kicked or blocked, the chat
    does not exist or was upgraded), so nothing else queued for it can be delivered either."""

    def __init__(self, what: str, *, chat_gone: bool = False) -> None:
        super().__init__(what)
        self.chat_gone = chat_gone


class Ambiguous(DeliveryError):
    """The request reached Telegram but its answer cannot be used: a 2xx the library cannot
    parse, `result: null`, a timeout or a hang-up after the request was written. The call may
    have taken effect, so trying again could post the same message twice. `message_id` is the
    message's id when the answer still showed it."""

    def __init__(self, what: str, message_id: int | None = None) -> None:
        super().__init__(what)
        self.message_id = message_id


@dataclass(frozen=True, slots=True)
class BotIdentity:
    id: int
    username: str
    # False: in groups the bot sees only commands and replies (privacy mode on, not an admin).
    can_read_all_group_messages: bool = True


@dataclass(frozen=True, slots=True)
class BotCommand:
    name: str
    description: str


class BotApi(Protocol):
    async def send_message(
        self, chat_id: int, text: str, keyboard: Keyboard, reply_to_message_id: int | None
    ) -> int:
        """Send HTML text; returns the new message id."""
        ...

    async def edit_message(self, chat_id: int, message_id: int, text: str, keyboard: Keyboard) -> None:
        """Replace text and keyboard; "message is not modified" counts as success."""
        ...

    async def send_file(self, chat_id: int, file: File, caption: str, photo: bool) -> int:
        """sendPhoto (`photo`) or sendDocument, uploaded as multipart; returns the new message id."""
        ...

    async def answer_button(self, callback_id: str, text: str | None, alert: bool) -> None: ...

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        """Delete one of the bot's messages; one already gone counts as success."""
        ...


# Keeps a batch of received updates (the inbox); when it returns they are stored for good.
InboxSink = Callable[[Sequence[Received]], Awaitable[object]]


class Transport(Protocol):
    """One chat framework: receives updates (long polling) and implements `BotApi`."""

    api: BotApi

    async def identify(self) -> BotIdentity: ...

    async def set_commands(self, commands: Sequence[BotCommand], language: str | None) -> None: ...

    async def start(self, store: InboxSink) -> None:
        """Begin receiving updates in the background: each batch, translated into events (and
        `Unreadable` for what the framework cannot parse), goes to `store`, and Telegram is told
        they arrived only once it has returned."""
        ...

    async def stop(self) -> None: ...
