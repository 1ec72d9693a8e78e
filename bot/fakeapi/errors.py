"""Bot API error responses, shaped exactly like Telegram's."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

# Descriptions Telegram really uses; clients (and our handlers) match on them.
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup"
    " are exactly the same as a current content and reply markup of the message"
)
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
BLOCKED = "Forbidden: bot was blocked by the user"
CHAT_NOT_FOUND = "Bad Request: chat not found"
CONFLICT = (
    "Conflict: terminated by other getUpdates request;"
    " make sure that only one bot instance is running"
)


def default_description(status: int, retry_after: int | None = None) -> str:
    if status == HTTPStatus.TOO_MANY_REQUESTS:
        return f"Too Many Requests: retry after {retry_after or 1}"
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown Error"


class ApiError(Exception):
    """Raised by method implementations; rendered as a Bot API error body."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    @classmethod
    def bad_request(cls, detail: str) -> ApiError:
        return cls(400, f"Bad Request: {detail}")

    @classmethod
    def too_many(cls, retry_after: int, description: str | None = None) -> ApiError:
        return cls(429, description or default_description(429, retry_after), retry_after)

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body
