"""Message text as Telegram would store it: parse_mode=HTML is parsed, not echoed.

Telegram rejects malformed HTML with "can't parse entities" and stores only the
plain text. Reproducing that catches the classic bug of interpolating a user's
"<3" or "a<b" into an HTML message without escaping. Error wording follows
tdlib's HTML parser. Markdown modes are passed through unchecked.
"""

from __future__ import annotations

import re

from .errors import ApiError
from .models import Json

MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64

_SUPPORTED_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span",
        "tg-spoiler", "tg-emoji", "code", "pre", "blockquote", "tg-time",
    }
)  # fmt: skip
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def _unescape(chunk: str) -> str:
    def repl(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _NAMED:
            return _NAMED[name]
        code = int("0" + name[1:], 0) if name[1] in "xX" else int(name[1:])
        return chr(code)

    # Unknown "&foo;" sequences are kept verbatim, as tdlib does.
    return _ENTITY.sub(repl, chunk)


def _parse_error(detail: str) -> ApiError:
    return ApiError.bad_request(f"can't parse entities: {detail}")


def _offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def strip_html(text: str) -> str:
    """Validate Telegram-HTML and return the plain text Telegram would store."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    while (lt := text.find("<", pos)) != -1:
        out.append(_unescape(text[pos:lt]))
        gt = text.find(">", lt)
        if gt == -1:
            raise _parse_error(f"Unclosed start tag at byte offset {_offset(text, lt)}")
        inner = text[lt + 1 : gt]
        if inner.startswith("/"):
            name = inner[1:].strip().lower()
            if not stack:
                raise _parse_error(f"Unexpected end tag at byte offset {_offset(text, lt)}")
            if name and name != stack[-1]:
                raise _parse_error(
                    f"Unmatched end tag at byte offset {_offset(text, lt)},"
                    f' expected "</{stack[-1]}>", found "</{name}>"'
                )
            stack.pop()
        else:
            name = re.split(r"[\s/]", inner, maxsplit=1)[0].lower()
            if name not in _SUPPORTED_TAGS:
                raise _parse_error(
                    f'Unsupported start tag "{name}" at byte offset {_offset(text, lt)}'
                )
            stack.append(name)
        pos = gt + 1
    out.append(_unescape(text[pos:]))
    if stack:
        raise _parse_error(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def render_text(text: object, parse_mode: object) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ApiError.bad_request("message text is empty")
    rendered = strip_html(text) if str(parse_mode).upper() == "HTML" else text
    if not rendered.strip():
        raise ApiError.bad_request("message text is empty")
    if utf16_len(rendered) > MAX_TEXT:
        raise ApiError.bad_request("message is too long")
    return rendered


def inline_keyboard(markup: object) -> Json | None:
    """Validate reply_markup; return it only if Telegram would echo it on the Message.

    Messages carry inline keyboards only; reply keyboards, ForceReply and
    ReplyKeyboardRemove are accepted but never appear in the result.
    """
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise ApiError.bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return None
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError.bad_request("can't parse inline keyboard button: field is not an Array")
    for row in rows:
        for button in row:
            _check_button(button)
    return {"inline_keyboard": rows}


_BUTTON_ACTIONS = (
    "callback_data", "url", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
    "copy_text", "callback_game", "pay",
)  # fmt: skip


def _check_button(button: object) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise ApiError.bad_request("can't parse inline keyboard button: Text is not a String")
    if not any(key in button for key in _BUTTON_ACTIONS):
        raise ApiError.bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = button.get("callback_data")
    if data is not None:
        size = len(str(data).encode("utf-8"))
        if size == 0 or size > MAX_CALLBACK_DATA:
            raise ApiError.bad_request("BUTTON_DATA_INVALID")


def has_button(markup: Json | None, data: str) -> bool:
    if not markup:
        return False
    rows = markup.get("inline_keyboard", [])
    return any(button.get("callback_data") == data for row in rows for button in row)
