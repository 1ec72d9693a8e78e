"""What the secretaries are told about delivery problems (English)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "notice_parked": (
        "📮 <b>A message could not be delivered</b> (chat {chat}, request #{request}) and the bot has stopped "
        "trying: {error}. Please check the chat, or tell the people it was meant for."
    ),
    "notice_chat_closed": (
        "🚫 <b>The bot can no longer write to group {chat}</b>: {error}. Nothing more will be sent there "
        "until it is added back (as an administrator) and someone writes in the group."
    ),
    "notice_privacy": (
        "🙈 <b>{error} cannot read ordinary group messages</b>: requests written in the groups will not reach it. "
        "Make it an administrator of each group, or turn privacy mode off with @BotFather (/setprivacy → "
        "Disable) and add it to the groups again."
    ),
}
