"""What stands in for the ops listener when `[ops] listen` is not set: nothing listens, nothing is
counted, and prometheus_client is never imported (bot/bootstrap.py imports bot/ops/server.py
only when the listener is on)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class NoOps:
    address: tuple[str, int] | None = None

    @asynccontextmanager
    async def serving(self) -> AsyncIterator[NoOps]:
        yield self
