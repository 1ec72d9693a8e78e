"""sendPhoto and sendDocument: multipart uploads kept as files, answered as Telegram's messages.

A photo's PhotoSize is measured from the PNG (or JPEG) itself, so a test learns its size from
the fake as a client would from Telegram; an upload that is no image is refused as Telegram does.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import ApiError
from .markup import strip_html, utf16_len
from .models import Json
from .world import World

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_CAPTION = 1024


@dataclass(frozen=True)
class Upload:
    """A multipart file field as the bot sent it."""

    filename: str | None
    content_type: str | None
    data: bytes = b""


@dataclass(frozen=True)
class StoredFile:
    file_id: str
    chat_id: int
    message_id: int
    method: str  # sendPhoto | sendDocument
    filename: str | None
    content_type: str | None
    data: bytes
    caption: str | None


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG (its IHDR chunk) or a baseline JPEG (its SOF0/2 marker)."""
    if data.startswith(PNG_SIGNATURE) and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data) and data[i] == 0xFF:
            marker, length = data[i + 1], struct.unpack(">H", data[i + 2 : i + 4])[0]
            if marker in (0xC0, 0xC2):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return int(width), int(height)
            i += 2 + length
    return None


def _caption(params: Json) -> str | None:
    raw = params.get("caption")
    if not isinstance(raw, str) or not raw:
        return None
    text = strip_html(raw) if str(params.get("parse_mode")).upper() == "HTML" else raw
    if utf16_len(text) > MAX_CAPTION:
        raise ApiError.bad_request("message caption is too long")
    return text


def send_upload(world: World, chat_id: int, field: str, params: Json, reply: Callable[[int, Json], Any]) -> Json:
    """`field` is "photo" or "document": the upload itself, `attach://<part>` naming it, or a file_id sent before."""
    world.writable_chat(chat_id)
    given = params.get(field)
    if isinstance(given, str) and given.startswith("attach://"):  # the file is another part of the form
        given = params.get(given.removeprefix("attach://"))
    if isinstance(given, str) and given in world.files:
        known = world.files[given]
        given = Upload(known.filename, known.content_type, known.data)
    if not isinstance(given, Upload) or not given.data:
        raise ApiError.bad_request(f"there is no {field} in the request")
    digest = hashlib.sha256(given.data).hexdigest()[:24]
    file_id = f"{field}-{len(world.files) + 1}-{digest[:8]}"  # one per upload, even of the same bytes
    size = len(given.data)
    if field == "photo":
        dims = image_size(given.data)
        if dims is None:
            raise ApiError.bad_request("IMAGE_PROCESS_FAILED")
        media: Any = [{"file_id": file_id, "file_unique_id": digest, "width": dims[0],
                       "height": dims[1], "file_size": size}]
    else:
        media = {"file_id": file_id, "file_unique_id": digest, "file_name": given.filename or "file",
                 "mime_type": given.content_type or "application/octet-stream", "file_size": size}
    caption = _caption(params)
    message = world.new_message(chat_id, world.bot_user, None, reply(chat_id, params), caption=caption)
    world.add_media(chat_id, message["message_id"], field, media)
    method = "sendPhoto" if field == "photo" else "sendDocument"
    world.files[file_id] = StoredFile(
        file_id, chat_id, message["message_id"], method, given.filename, given.content_type, given.data, caption
    )
    message[field] = media
    return message
