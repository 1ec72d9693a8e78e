"""PTB's HTTP side, as the outbox needs it: a 2xx it cannot parse told apart from an error page,
and which network failures mean the request may have reached Telegram."""

from __future__ import annotations

import json
from typing import Any

import httpx
from telegram.error import NetworkError, TelegramError
from telegram.request import HTTPXRequest

from bot.transports.botapi import GarbledReply


class _GarbledReply(GarbledReply, TelegramError):
    """A TelegramError, so that PTB passes it through instead of wrapping it."""

    def __init__(self, body: str) -> None:
        GarbledReply.__init__(self, body)
        TelegramError.__init__(self, str(self))


class PtbRequest(HTTPXRequest):
    """PTB's HTTP layer, telling a 2xx it cannot parse apart (PTB would say "Invalid server
    response", as for any other unparseable body)."""

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        code, payload = await super().do_request(*args, **kwargs)
        if 200 <= code < 300:
            try:
                data = json.loads(payload)
            except ValueError:
                raise _GarbledReply(payload.decode("utf-8", "replace")) from None
            # No method answers null: PTB would fail on it deep inside, with an AttributeError.
            if not isinstance(data, dict) or "ok" not in data or (data["ok"] is True and data.get("result") is None):
                raise _GarbledReply(payload.decode("utf-8", "replace"))
        return code, payload


def ambiguous_answer(exc: BaseException) -> bool:
    if isinstance(exc, GarbledReply):
        return True
    # PTB chains the httpx error: no answer in time after the request went out means it may have
    # taken effect. A hang-up is retried: a server going away drops its idle connections, and
    # the next request written on one fails that way without having reached anybody.
    return isinstance(exc, NetworkError) and isinstance(exc.__cause__, httpx.ReadTimeout)
