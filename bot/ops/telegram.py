"""Plain Bot API calls for `jinlin doctor`, against `[telegram] api_base` as the transports use it
(`{api_base}/bot{token}/{method}`), without starting a chat framework."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

import aiohttp

TIMEOUT = aiohttp.ClientTimeout(total=15)


class TelegramError(Exception):
    """Telegram refused the call, or could not be reached; the text never holds the token."""

    def __init__(self, description: str, status: int | None = None) -> None:
        super().__init__(description)
        self.status = status


class BotApiClient:
    def __init__(self, api_base: str, token: str) -> None:
        self.api_base = api_base.rstrip("/")
        self._token = token
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Self:
        self._session = aiohttp.ClientSession(timeout=TIMEOUT)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._session is not None:
            await self._session.close()

    async def call(self, method: str, **params: Any) -> Any:
        assert self._session is not None, "use BotApiClient as an async context manager"
        url = f"{self.api_base}/bot{self._token}/{method}"
        try:
            async with self._session.post(url, json=params) as response:
                body = await response.json(content_type=None)
        except (TimeoutError, aiohttp.ClientError, ValueError) as e:
            raise TelegramError(f"cannot reach {self.api_base}: {self._clean(str(e) or type(e).__name__)}") from None
        if not isinstance(body, dict):
            raise TelegramError(f"{self.api_base} answered something that is not the Bot API")
        if not body.get("ok"):
            code = body.get("error_code")
            raise TelegramError(f"{code} {self._clean(str(body.get('description', '')))}".strip(), code)
        return body.get("result")

    def _clean(self, text: str) -> str:
        return text.replace(self._token, "<token>")
