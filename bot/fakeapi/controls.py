"""The human side of the fake: users typing, editing and pressing buttons."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from .markup import has_button, utf16_len
from .models import Json, make_group, make_private, make_user
from .updates import UpdateQueue
from .world import World

_COMMAND = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{4,32}")


def text_entities(text: str) -> list[Json]:
    """Entities Telegram attaches to user text; aiogram's Command filter and
    PTB's CommandHandler both require the bot_command entity at offset 0."""
    found = [("bot_command", m) for m in _COMMAND.finditer(text)]
    found += [("mention", m) for m in _MENTION.finditer(text)]
    found.sort(key=lambda item: item[1].start())
    return [
        {
            "type": kind,
            "offset": utf16_len(text[: match.start()]),
            "length": utf16_len(match.group()),
        }
        for kind, match in found
    ]


class ChatControls:
    """Mixed into FakeBotApi; drives updates into the bot's getUpdates queue."""

    _world: World
    _queue: UpdateQueue
    group_privacy: bool
    on_update: Callable[[Json], None] | None

    def user(self, user_id: int, first_name: str, username: str | None = None) -> Json:
        user = make_user(user_id, first_name, username)
        self._world.add_user(user)
        return user

    def group(self, chat_id: int, title: str, username: str | None = None) -> Json:
        chat = make_group(chat_id, title, username)
        self._world.add_chat(chat)
        return chat

    def private(self, user: Json) -> Json:
        return make_private(user)

    def user_started(self, user_id: int) -> None:
        """The user pressed Start: from now on the bot may write to them."""
        user = self._world.users.get(user_id) or make_user(user_id, f"User {user_id}")
        self._world.start_private(user)

    def user_blocked(self, user_id: int) -> None:
        self._world.blocked.add(user_id)

    def set_member_status(self, chat_id: int, user_id: int, status: str) -> None:
        """getChatMember answer for that user; use the bot's id with "kicked"/"left"
        to make the bot's own sends to the chat fail with 403."""
        self._world.member_status[(chat_id, user_id)] = status

    # Every update is delivered twice (a fault the suite injects): Telegram may resend one.
    repeat_updates = False

    def _enqueue(self, kind: str, payload: Json) -> Json:
        update = self._queue.push(kind, payload)
        if self.repeat_updates:
            self._queue.redeliver(update["update_id"])
        if self.on_update is not None:
            self.on_update(update)
        return update

    def _register(self, chat: Json, user: Json) -> int:
        self._world.add_user(user)
        if chat["type"] == "private":
            self._world.start_private(user)  # writing to a bot implies /start
        self._world.add_chat(chat)
        return int(chat["id"])

    def _bot_would_see(self, chat: Json, message: Json) -> bool:
        # Privacy mode: in groups only commands, replies to the bot and mentions arrive.
        if not self.group_privacy or chat["type"] == "private":
            return True
        replied = message.get("reply_to_message")
        if replied is not None and self._world.is_from_bot(replied):
            return True
        kinds = {entity["type"] for entity in message.get("entities", [])}
        return "bot_command" in kinds or f"@{self._world.bot_user['username']}" in message["text"]

    def post(
        self, chat: Json, user: Json, text: str, reply_to: int | None = None, *, forward_origin: Json | None = None
    ) -> Json:
        """A user sends `text` to `chat` (forwards it, with `forward_origin`: a MessageOrigin);
        returns the Message (already enqueued)."""
        chat_id = self._register(chat, user)
        entities = text_entities(text) or None
        message = self._world.new_message(
            chat_id, user, text, reply_to, entities=entities, forward_origin=forward_origin
        )
        if self._bot_would_see(chat, message):
            self._enqueue("message", message)
        return message

    def command(
        self, chat: Json, user: Json, name: str, args: str = "", reply_to: int | None = None
    ) -> Json:
        text = f"/{name.lstrip('/')}" + (f" {args}" if args else "")
        return self.post(chat, user, text, reply_to)

    def edit(self, chat: Json, user: Json, message_id: int, new_text: str) -> Json:
        """The user edits their message; the bot gets an edited_message update."""
        chat_id = self._register(chat, user)
        message = self._world.message(chat_id, message_id)
        if message is None or message["from"]["id"] != user["id"]:
            raise ValueError(f"user {user['id']} has no message {message_id} in chat {chat_id}")
        message["text"] = new_text
        message["edit_date"] = max(int(time.time()), int(message["date"]))
        entities = text_entities(new_text)
        if entities:
            message["entities"] = entities
        else:
            message.pop("entities", None)
        snapshot = self._world.quoted(chat_id, message_id) or {}
        if "reply_to_message" in message:
            snapshot["reply_to_message"] = message["reply_to_message"]
        self._enqueue("edited_message", snapshot)
        return snapshot

    def press(
        self, chat: Json, user: Json, message_id: int, data: str, *, check_button: bool = True
    ) -> str:
        """The user taps an inline button; returns the callback query id.

        With check_button=False a stale or forged callback_data can be sent.
        """
        chat_id = self._register(chat, user)
        message = self._world.message(chat_id, message_id)
        if message is None:
            raise ValueError(f"no message {message_id} in chat {chat_id}")
        if check_button and not has_button(message.get("reply_markup"), data):
            raise ValueError(f"message {message_id} has no button with callback_data {data!r}")
        query = self._world.new_query(user, message, data)
        self._enqueue("callback_query", query)
        return str(query["id"])

    def redeliver(self, update_id: int) -> Json:
        """Deliver an already delivered update again, with the same update_id."""
        update = self._queue.redeliver(update_id)
        if self.on_update is not None:
            self.on_update(update)
        return update
