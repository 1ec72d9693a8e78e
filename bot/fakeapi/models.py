"""Plain Bot API JSON builders and the call record exposed to tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]


@dataclass(frozen=True)
class RecordedCall:
    """One HTTP call the bot made, as the fake understood it."""

    method: str
    params: Json
    time: float  # time.monotonic() when the request arrived
    ok: bool
    status: int = 200
    result: Any = None
    description: str | None = None
    injected: bool = False  # failure came from fail_next(), not from the bot's own mistake

    @property
    def chat_id(self) -> int | str | None:
        value = self.params.get("chat_id")
        return value if isinstance(value, (int, str)) else None


@dataclass
class Failure:
    """A pending fault rule (fail_next(), answer_next())."""

    method: str
    status: int
    retry_after: int | None
    description: str
    times: int
    chat_id: int | None = None
    applied: bool = False  # the call takes effect, yet the client sees the error
    fired: list[float] = field(default_factory=list)
    # "error": the status and description; "garbage": 200 with a body that is not JSON;
    # "null": 200 {"ok": true, "result": null}; "hang": no answer for `hang` seconds.
    answer: str = "error"
    hang: float = 0.0


def make_user(
    user_id: int,
    first_name: str,
    username: str | None = None,
    *,
    last_name: str | None = None,
    is_bot: bool = False,
    language_code: str | None = None,
) -> Json:
    user: Json = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
    if last_name:
        user["last_name"] = last_name
    if username:
        user["username"] = username
    if language_code:
        user["language_code"] = language_code
    return user


def make_group(chat_id: int, title: str, username: str | None = None) -> Json:
    # Real supergroup ids live below -100_0000000000; tests may pass short ids.
    chat: Json = {"id": chat_id, "type": "supergroup", "title": title}
    if username:
        chat["username"] = username
    return chat


def make_private(user: Json) -> Json:
    chat: Json = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    for key in ("last_name", "username"):
        if key in user:
            chat[key] = user[key]
    return chat


def full_chat_info(chat: Json) -> Json:
    # ChatFullInfo requires these in both aiogram 3.31 and PTB 22 models.
    info = dict(chat)
    info.setdefault("accent_color_id", 0)
    info.setdefault("max_reaction_count", 11)
    info.setdefault(
        "accepted_gift_types",
        {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    )
    return info


_ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_pin_messages",
)


def chat_member(user: Json, status: str) -> Json:
    """ChatMember JSON with every field the client models insist on for that status."""
    member: Json = {"status": status, "user": user}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update({"can_be_edited": False, "is_anonymous": False})
        member.update(dict.fromkeys(_ADMIN_RIGHTS, True))
    elif status == "kicked":
        member["until_date"] = 0
    elif status not in ("member", "left"):
        raise ValueError(f"unsupported chat member status {status!r}")
    return member
