"""Privacy's phrases (en): what the group is not shown, the claimer's private details, forgetting."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "private_hidden_claimed": (
        "🔒 Phone numbers, codes and room numbers are hidden; the claimer has them privately. "
        "Not received? Open a private chat with {bot} and send /start."
    ),
    "private_hidden_open": "🔒 Phone numbers, codes and room numbers are hidden; the claimer gets them privately.",
    "private_details": (
        "🔒 <b>Request #{id} in full</b> (only for whoever took it; please do not forward it to the group):"
    ),
    "private_text_removed": "(text removed under the privacy rules)",
    "private_bot_fallback": "the bot",
    "forget_usage": (
        "Send /forget yes in this private chat to delete your name, username, request texts, volunteer profile "
        "and home building; the anonymous counts stay."
    ),
    "forget_done": "Your personal data was deleted: {summary}.",
    "forget_private_only": "Please use /forget in a private chat with the bot.",
    "cmd_forget": "Delete my personal data",
}
