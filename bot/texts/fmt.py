"""Small HTML and layout helpers shared by the renderer and its lists.

User text is clipped character by character as it is escaped, so a cut never falls inside "&amp;".
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

# Telegram counts the text after entity parsing in UTF-16 units; markup adds a little on top of
# that, so lists stop well short of 4096 and leave room for their title and "and N more".
LIST_BUDGET = 3600
MAX_MENTIONS = 10


_TAG = re.compile(r"<[^>]+>")


def plain_text(markup: str | None) -> str | None:
    """Our HTML as plain text: for button pop-ups (which Telegram shows unparsed) and terminals."""
    return None if markup is None else html.unescape(_TAG.sub("", markup))


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def safe(text: str, limit: int = 300) -> str:
    """Escaped and at most `limit` characters long *after* escaping ("&" becomes five)."""
    escaped = esc(text)
    if len(escaped) <= limit:
        return escaped
    kept: list[str] = []
    used = 1  # room for the ellipsis
    for char in text:
        piece = esc(char)
        used += len(piece)
        if used > limit:
            break
        kept.append(piece)
    return "".join(kept).rstrip() + "…"


def mention(user_id: int, name: str) -> str:
    # int() keeps the href ours even if an id ever arrived as a string.
    return f'<a href="tg://user?id={int(user_id)}">{safe(name.strip() or str(user_id), 64)}</a>'


def quote(text: str, limit: int = 300) -> str:
    return f"<blockquote>{safe(text.strip() or '…', limit)}</blockquote>"


def utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back naive; they were stored as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def fit(lines: Sequence[str], budget: int) -> list[str]:
    """The longest prefix of `lines` that fits in `budget` characters; callers say how many were left."""
    kept: list[str] = []
    used = 0
    for line in lines:
        used += len(line) + 1
        if used > budget:
            break
        kept.append(line)
    return kept


def people(
    pairs: Sequence[tuple[int, str]], more: Callable[[int], str], limit: int = MAX_MENTIONS, sep: str = " "
) -> str:
    shown = sep.join(mention(user_id, name) for user_id, name in pairs[:limit])
    if len(pairs) > limit:
        shown += " " + more(len(pairs) - limit)
    return shown
