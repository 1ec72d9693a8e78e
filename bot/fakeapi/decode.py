"""Turn a Bot API request (JSON, urlencoded, multipart or query string) into a dict.

Form-style clients send every value as a string: aiogram JSON-encodes ints,
bools and nested objects but passes plain strings through untouched; PTB does
the same. So a form value is JSON-decoded unless the field is known to be free
text, where a user-typed "123" or "true" must stay a string.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

from .errors import ApiError
from .files import Upload
from .models import Json

# Parameters whose value is free text (or an opaque id) and must never be
# JSON-decoded, even when it happens to look like a number or a literal.
TEXT_FIELDS = frozenset(
    {
        "text",
        "caption",
        "callback_query_id",
        "inline_message_id",
        "description",
        "short_description",
        "title",
        "url",
        "name",
        "query",
        "custom_title",
        "parse_mode",
        "action",
        "language_code",
        "business_connection_id",
        "message_effect_id",
        "emoji",
        "secret_token",
    }
)

# Nested objects a JSON-bodied client may still send pre-encoded as strings.
OBJECT_FIELDS = frozenset(
    {
        "reply_markup",
        "reply_parameters",
        "allowed_updates",
        "commands",
        "scope",
        "entities",
        "caption_entities",
        "link_preview_options",
    }
)


def _decode_value(key: str, value: Any) -> Any:
    if isinstance(value, FileField):
        return Upload(value.filename, value.content_type, value.file.read())
    if not isinstance(value, str) or key in TEXT_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value  # e.g. chat_id="@channel", action="typing"


def _from_form(form: Mapping[str, Any]) -> Json:
    return {key: _decode_value(key, form[key]) for key in form}


def _from_json(body: Json) -> Json:
    params = dict(body)
    for key in OBJECT_FIELDS & params.keys():
        value = params[key]
        if isinstance(value, str):
            params[key] = _decode_value(key, value)
    return params


async def read_params(request: web.Request) -> Json:
    params: Json = _from_form(request.query)
    if not request.can_read_body:
        return params
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError as exc:
            raise ApiError.bad_request("can't parse JSON object") from exc
        if not isinstance(body, dict):
            raise ApiError.bad_request("JSON object expected")
        params.update(_from_json(body))
    else:
        params.update(_from_form(await request.post()))
    return params


def as_int(params: Json, key: str, default: int | None = None) -> int | None:
    value = params.get(key, default)
    if value is None or isinstance(value, bool):
        return default
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    raise ApiError.bad_request(f"field \"{key}\" must be of type Integer")


def require_int(params: Json, key: str) -> int:
    value = as_int(params, key)
    if value is None:
        raise ApiError.bad_request(f"{key} is empty" if key != "chat_id" else "chat_id is empty")
    return value


def as_float(params: Json, key: str, default: float) -> float:
    value = params.get(key)
    if value is None:
        return default
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise ApiError.bad_request(f"field \"{key}\" must be a Number") from exc
