"""`jinlin run` that dies (os._exit: no cleanup, as abrupt as kill -9) at one point of an update's path.

JINLIN_CRASH="<where>:<n>", where is
- `before_handle`: the n-th update is stored (the inbox) and then, before the core handles it;
- `before_confirm`: the n-th stored batch is handled and its messages sent, and then, before the
  next getUpdates tells Telegram it arrived.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence

from bot.cli import main
from bot.delivery import InboxSink
from bot.inbox_worker import InboxWorker
from bot.transports.polling import OffsetPolling
from handlers.chat import ChatEvent, Outcome, Received
from handlers.core import Core

CRASHED = 137


def crash_before_handle(n: int) -> None:
    original = Core.handle
    seen = 0

    async def handle(self: Core, event: ChatEvent) -> Outcome:
        nonlocal seen
        seen += 1
        if seen == n:
            os._exit(CRASHED)
        return await original(self, event)

    Core.handle = handle  # type: ignore[method-assign]


def crash_before_confirm(n: int) -> None:
    original = OffsetPolling._store
    stored = 0

    async def store(self: OffsetPolling, sink: InboxSink, received: Sequence[Received]) -> bool:
        nonlocal stored
        ok = await original(self, sink, received)
        if ok and received:
            stored += 1
            worker = getattr(sink, "__self__", None)
            if stored == n and isinstance(worker, InboxWorker):
                for _ in range(200):  # until the worker has handled it (10 s at most)
                    if not await worker.inbox.pending_count():
                        break
                    await asyncio.sleep(0.05)
                await asyncio.sleep(1.0)  # the sender delivers what the handling queued
                os._exit(CRASHED)
        return ok

    OffsetPolling._store = store  # type: ignore[method-assign,assignment]


if __name__ == "__main__":
    where, _, count = os.environ.get("JINLIN_CRASH", "none:0").partition(":")
    if where == "before_handle":
        crash_before_handle(int(count))
    elif where == "before_confirm":
        crash_before_confirm(int(count))
    raise SystemExit(main())
