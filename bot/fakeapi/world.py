"""What the fake Telegram knows: chats, users, messages, button presses."""

from __future__ import annotations

import copy
import itertools
import time
from typing import Any

from .errors import BLOCKED, CANT_INITIATE, CHAT_NOT_FOUND, ApiError
from .models import Json, make_private


class World:
    def __init__(self, bot_user: Json) -> None:
        self.bot_user = bot_user
        self.chats: dict[int, Json] = {}
        self.users: dict[int, Json] = {}
        self.started: set[int] = set()
        self.blocked: set[int] = set()
        self.member_status: dict[tuple[int, int], str] = {}
        self.commands: dict[str, list[Json]] = {}
        self.texts: dict[str, str] = {}  # bot descriptions, keyed "kind:language"
        self.me_patch: dict[str, Any] = {}  # getMe's fields changed (None: left out)
        self._messages: dict[int, dict[int, Json]] = {}
        self._next_message_id: dict[int, int] = {}
        self._queries: dict[str, Json] = {}
        self._answered: set[str] = set()
        self._query_ids = itertools.count(4_000_000_000_000_000_001)
        self.files: dict[str, Any] = {}  # file_id → files.StoredFile, every photo and document sent

    # chats and users -------------------------------------------------------

    def add_chat(self, chat: Json) -> Json:
        known = self.chats.setdefault(int(chat["id"]), dict(chat))
        self._messages.setdefault(int(chat["id"]), {})
        return known

    def add_user(self, user: Json) -> None:
        self.users[int(user["id"])] = dict(user)

    def start_private(self, user: Json) -> Json:
        self.add_user(user)
        self.started.add(int(user["id"]))
        self.blocked.discard(int(user["id"]))
        return self.add_chat(make_private(user))

    def chat(self, chat_id: int) -> Json:
        try:
            return self.chats[chat_id]
        except KeyError:
            raise ApiError.bad_request("chat not found") from None

    def writable_chat(self, chat_id: int) -> Json:
        """The chat a bot message may go to, or the error Telegram would give."""
        if chat_id > 0:
            if chat_id in self.blocked:
                raise ApiError(403, BLOCKED)
            if chat_id not in self.started:
                raise ApiError(403, CANT_INITIATE)
        if chat_id not in self.chats:
            raise ApiError(400, CHAT_NOT_FOUND)
        chat = self.chats[chat_id]
        own_status = self.member_status.get((chat_id, int(self.bot_user["id"])))
        if own_status == "kicked":
            raise ApiError(403, f"Forbidden: bot was kicked from the {chat['type']} chat")
        if own_status == "left":
            raise ApiError(403, f"Forbidden: bot is not a member of the {chat['type']} chat")
        return chat

    # messages --------------------------------------------------------------

    def new_message(
        self, chat_id: int, sender: Json, text: str | None, reply_to: int | None = None, **extra: Any
    ) -> Json:
        chat = self.chat(chat_id)
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        message: Json = {
            "message_id": message_id,
            "from": sender,
            "chat": chat,
            "date": int(time.time()),
        }
        if text is not None:  # a photo or a document has a caption instead
            message["text"] = text
        if reply_to is not None:
            quoted = self.quoted(chat_id, reply_to)
            if quoted is None:
                raise ApiError.bad_request("message to be replied not found")
            message["reply_to_message"] = quoted
        message.update({key: value for key, value in extra.items() if value is not None})
        self._messages[chat_id][message_id] = message
        return copy.deepcopy(message)

    def add_media(self, chat_id: int, message_id: int, field: str, media: Any) -> None:
        self._messages[chat_id][message_id][field] = copy.deepcopy(media)

    def message(self, chat_id: int, message_id: int) -> Json | None:
        return self._messages.get(chat_id, {}).get(message_id)

    def quoted(self, chat_id: int, message_id: int) -> Json | None:
        found = self.message(chat_id, message_id)
        if found is None:
            return None
        # Telegram nests only one level of reply_to_message.
        return {k: copy.deepcopy(v) for k, v in found.items() if k != "reply_to_message"}

    def delete_message(self, chat_id: int, message_id: int) -> None:
        if self._messages.get(chat_id, {}).pop(message_id, None) is None:
            raise ApiError.bad_request("message to delete not found")

    def is_from_bot(self, message: Json) -> bool:
        return bool(message.get("from", {}).get("id") == self.bot_user["id"])

    def bot_messages(self, chat_id: int) -> list[Json]:
        chat_messages = self._messages.get(chat_id, {})
        return [
            copy.deepcopy(chat_messages[key])
            for key in sorted(chat_messages)
            if self.is_from_bot(chat_messages[key])
        ]

    # callback queries ------------------------------------------------------

    def new_query(self, user: Json, message: Json, data: str) -> Json:
        query_id = str(next(self._query_ids))
        query: Json = {
            "id": query_id,
            "from": user,
            "message": copy.deepcopy(message),
            # Stable per chat, as Telegram's opaque chat_instance is.
            "chat_instance": str(abs(int(message["chat"]["id"])) * 7919 + 17),
            "data": data,
        }
        self._queries[query_id] = query
        return query

    def answer_query(self, query_id: str) -> None:
        # Answering twice (or an unknown id) is rejected by Telegram the same way.
        if query_id not in self._queries or query_id in self._answered:
            raise ApiError.bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self._answered.add(query_id)

    def unanswered_queries(self) -> list[str]:
        return [query_id for query_id in self._queries if query_id not in self._answered]
