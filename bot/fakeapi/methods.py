"""Bot API method implementations over World and UpdateQueue."""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from .decode import as_float, as_int, require_int
from .errors import NOT_MODIFIED, ApiError
from .files import send_upload
from .markup import inline_keyboard, render_text
from .models import Json, chat_member, full_chat_info
from .profile import ProfileMethods
from .updates import UpdateQueue
from .world import World

Handler = Callable[[Json], Awaitable[Any]]

# Methods whose successful calls put something visible into a chat.
CHAT_BOUND = frozenset({"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup"})


class Methods(ProfileMethods):
    def __init__(
        self, world: World, queue: UpdateQueue, poll_timeout_cap: float, privacy: Callable[[], bool] = lambda: False
    ) -> None:
        self.world = world
        self.queue = queue
        self.privacy = privacy  # group privacy mode, as BotFather's /setprivacy sets it
        self.poll_timeout_cap = poll_timeout_cap
        self.table: dict[str, tuple[str, Handler]] = {}
        for name in (
            "getMe", "getUpdates", "deleteWebhook", "setMyCommands",
            "getMyCommands", "deleteMyCommands", "setMyDescription", "getMyDescription",
            "setMyShortDescription", "getMyShortDescription", "sendMessage", "sendPhoto", "sendDocument",
            "editMessageText", "editMessageReplyMarkup", "deleteMessage", "answerCallbackQuery", "sendChatAction",
            "getChat", "getChatMember", "close", "logOut",
        ):  # fmt: skip
            handler = getattr(self, "_" + re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower())
            # Telegram matches method names case-insensitively.
            self.table[name.lower()] = (name, handler)

    def lookup(self, name: str) -> tuple[str, Handler] | None:
        return self.table.get(name.lower())

    # bot & polling ---------------------------------------------------------

    async def _get_me(self, p: Json) -> Json:
        me = {
            **self.world.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy(),
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
            **self.world.me_patch,
        }
        return {key: value for key, value in me.items() if value is not None}

    async def _get_updates(self, p: Json) -> list[Json]:
        allowed = p.get("allowed_updates")
        return await self.queue.get(
            offset=as_int(p, "offset", 0) or 0,
            limit=as_int(p, "limit", 100) or 100,
            timeout=min(as_float(p, "timeout", 0.0), self.poll_timeout_cap),
            allowed_updates=allowed if isinstance(allowed, list) else None,
        )

    async def _delete_webhook(self, p: Json) -> bool:
        if p.get("drop_pending_updates") in (True, "true", "True"):
            self.queue.drop_pending()
        return True

    # setWebhook and getWebhookInfo: bot/fakeapi/webhook.py

    async def _close(self, p: Json) -> bool:
        return True

    async def _log_out(self, p: Json) -> bool:
        return True

    # messages --------------------------------------------------------------

    def _chat_id(self, p: Json) -> int:
        raw = p.get("chat_id")
        if isinstance(raw, str) and raw.startswith("@"):
            for chat in self.world.chats.values():
                if chat.get("username") == raw[1:]:
                    return int(chat["id"])
            raise ApiError.bad_request("chat not found")
        return require_int(p, "chat_id")

    def _reply_target(self, chat_id: int, p: Json) -> int | None:
        params = p.get("reply_parameters")
        if isinstance(params, dict):
            target = params.get("message_id")
            lenient = bool(params.get("allow_sending_without_reply"))
        else:
            target = p.get("reply_to_message_id")
            lenient = bool(p.get("allow_sending_without_reply"))
        if target is None:
            return None
        if lenient and self.world.message(chat_id, int(target)) is None:
            return None
        return int(target)

    async def _send_message(self, p: Json) -> Json:
        chat_id = self._chat_id(p)
        self.world.writable_chat(chat_id)
        text = render_text(p.get("text"), p.get("parse_mode"))
        markup = inline_keyboard(p.get("reply_markup"))
        return self.world.new_message(
            chat_id,
            self.world.bot_user,
            text,
            self._reply_target(chat_id, p),
            reply_markup=markup,
            message_thread_id=as_int(p, "message_thread_id"),
        )

    async def _send_photo(self, p: Json) -> Json:
        return send_upload(self.world, self._chat_id(p), "photo", p, self._reply_target)

    async def _send_document(self, p: Json) -> Json:
        return send_upload(self.world, self._chat_id(p), "document", p, self._reply_target)

    def _editable(self, p: Json) -> Json:
        if "inline_message_id" in p:
            raise ApiError.bad_request("MESSAGE_ID_INVALID")  # inline mode is not modelled
        chat_id = self._chat_id(p)
        self.world.writable_chat(chat_id)
        message = self.world.message(chat_id, require_int(p, "message_id"))
        if message is None:
            raise ApiError.bad_request("message to edit not found")
        if not self.world.is_from_bot(message):
            raise ApiError.bad_request("message can't be edited")
        return message

    def _apply_edit(self, message: Json, text: str, markup: Json | None) -> Json:
        # Omitting reply_markup in an edit removes the keyboard, as on Telegram.
        if text == message.get("text") and markup == message.get("reply_markup"):
            raise ApiError(400, NOT_MODIFIED)
        message["text"] = text
        if markup is None:
            message.pop("reply_markup", None)
        else:
            message["reply_markup"] = markup
        message["edit_date"] = int(time.time())
        return copy.deepcopy(message)

    async def _edit_message_text(self, p: Json) -> Json:
        message = self._editable(p)
        text = render_text(p.get("text"), p.get("parse_mode"))
        return self._apply_edit(message, text, inline_keyboard(p.get("reply_markup")))

    async def _edit_message_reply_markup(self, p: Json) -> Json:
        message = self._editable(p)
        markup = inline_keyboard(p.get("reply_markup"))
        return self._apply_edit(message, str(message.get("text", "")), markup)

    async def _delete_message(self, p: Json) -> bool:
        chat_id = self._chat_id(p)
        self.world.chat(chat_id)
        self.world.delete_message(chat_id, require_int(p, "message_id"))
        return True

    async def _answer_callback_query(self, p: Json) -> bool:
        if len(str(p.get("text") or "")) > 200:
            raise ApiError.bad_request("MESSAGE_TOO_LONG")
        self.world.answer_query(str(p.get("callback_query_id", "")))
        return True

    async def _send_chat_action(self, p: Json) -> bool:
        self.world.writable_chat(self._chat_id(p))
        return True

    # chats -----------------------------------------------------------------

    async def _get_chat(self, p: Json) -> Json:
        chat_id = self._chat_id(p)
        if chat_id > 0 and chat_id not in self.world.started:
            raise ApiError.bad_request("chat not found")
        return full_chat_info(copy.deepcopy(self.world.chat(chat_id)))

    async def _get_chat_member(self, p: Json) -> Json:
        chat_id = self._chat_id(p)
        self.world.chat(chat_id)
        user_id = require_int(p, "user_id")
        bot = self.world.bot_user
        user = bot if user_id == bot["id"] else self.world.users.get(user_id)
        if user is None:
            raise ApiError.bad_request("PARTICIPANT_ID_INVALID")
        status = self.world.member_status.get((chat_id, user_id), "member")
        return chat_member(copy.deepcopy(user), status)
