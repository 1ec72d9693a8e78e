"""Long polling that owns the offset: Telegram is told an update arrived only once it is stored.

Telegram forgets an update as soon as a getUpdates asks for a higher offset. Both frameworks'
own polling loops ask for it before the bot's transaction commits, so a crash in between lost
the update for good. Here the framework still makes the request (its session, its errors) and
parses each update (its types, its dispatcher, the transport's handlers translating it), but
the offset moves past a batch only once `store` has kept it: a database that is locked or down
delays updates, never drops them. An update the framework cannot parse is stored as
`Unreadable`, logged, and skipped, rather than fetched again forever.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from bot.delivery import InboxSink
from handlers.chat import ChatEvent, Received, Unreadable

log = logging.getLogger(__name__)

T = TypeVar("T")
Json = dict[str, Any]
# getUpdates through the framework's session, returning the raw JSON updates: (offset, timeout).
Fetch = Callable[[int | None, int], Awaitable[list[Any]]]
# One raw update parsed and dispatched by the framework: the event it translates to, or None.
Read = Callable[[Json], Awaitable[ChatEvent | None]]
# Returns once this worker may poll: getUpdates allows one caller, so with several workers only
# the one holding the poller's lock does (storage/leadership.py).
Gate = Callable[[], Awaitable[None]]

MAX_PAUSE_SECONDS = 5.0


def pause_after(failures: int) -> float:
    """0.5 s, 1 s, 2 s, 4 s, then 5 s between attempts while something keeps failing."""
    return float(min(MAX_PAUSE_SECONDS, 0.5 * 2.0 ** max(0, failures - 1)))


class OffsetPolling:
    def __init__(
        self, fetch: Fetch, read: Read, *, poll_timeout: int, describe: Callable[[BaseException], str],
        gate: Gate | None = None,
    ) -> None:
        self._gate = gate
        self._fetch = fetch
        self._read_one = read
        self._poll_timeout = poll_timeout
        self._describe = describe
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.offset: int | None = None  # the next getUpdates' offset: everything below is stored

    @property
    def running(self) -> bool:
        return self._task is not None

    def start(self, store: InboxSink) -> None:
        self._stopping.clear()
        self._task = asyncio.create_task(self._run(store), name="polling")

    async def stop(self, grace: float) -> None:
        """Stop fetching, let a store in progress finish (within `grace`), then confirm the offset."""
        task, self._task = self._task, None
        self._stopping.set()
        if task is not None:
            try:
                await asyncio.wait_for(task, grace)
            except TimeoutError:
                log.warning("polling did not stop within %.1fs; cancelled", grace)
            except Exception:
                log.exception("polling failed")
        if self.offset is None:
            return
        try:
            # Confirms what is stored; whatever this returns stays unconfirmed, so it comes again.
            await asyncio.wait_for(self._fetch(self.offset, 0), grace)
        except Exception as exc:
            log.warning("could not confirm stored updates on stop: %s", self._describe(exc))

    async def _run(self, store: InboxSink) -> None:
        failures = 0
        while not self._stopping.is_set():
            if self._gate is not None:
                await self._unless_stopped(self._gate())
                if self._stopping.is_set():
                    return
            try:
                batch = await self._unless_stopped(self._fetch(self.offset, self._poll_timeout))
            except Exception as exc:  # the frameworks' network, server and decoding errors alike
                failures += 1
                log.warning("fetching updates failed (%d in a row): %s", failures, self._describe(exc))
                await self._pause(pause_after(failures))
                continue
            failures = 0
            if batch is None:
                return
            received, last = await self._read(batch)
            if last is None or not await self._store(store, received):
                continue
            self.offset = last + 1

    async def _read(self, batch: Sequence[Any]) -> tuple[list[Received], int | None]:
        received: list[Received] = []
        last: int | None = None
        for raw in batch:
            update_id = raw.get("update_id") if isinstance(raw, dict) else None
            if not isinstance(update_id, int) or isinstance(update_id, bool):
                log.warning("skipped an update without an update_id: %.200r", raw)
                continue
            last = update_id if last is None else max(last, update_id)
            try:
                event = await self._read_one(raw)
            except Exception as exc:
                error = self._describe(exc)
                log.warning("update %d could not be read, kept in the inbox as unreadable: %s", update_id, error)
                received.append(Unreadable(update_id, raw, error))
                continue
            if event is not None:
                received.append(event)
        return received, last

    async def _store(self, store: InboxSink, received: Sequence[Received]) -> bool:
        """Until stored (True), or stopped (False: the updates stay unconfirmed and come again)."""
        failures = 0
        while True:
            try:
                await store(received)
            except Exception as exc:
                failures += 1
                log.warning("storing %d updates failed (%d in a row), not confirming them: %s",
                            len(received), failures, self._describe(exc))
                if await self._pause(pause_after(failures)):
                    return False
                continue
            if failures:
                log.info("stored %d updates after %d failed attempts", len(received), failures)
            return True

    async def _pause(self, seconds: float) -> bool:
        """Wait; True when stopped meanwhile."""
        try:
            await asyncio.wait_for(self._stopping.wait(), seconds)
        except TimeoutError:
            return False
        return True

    async def _unless_stopped(self, step: Awaitable[T]) -> T | None:
        """`step`'s result, or None when stopped first (a long poll is not waited out)."""
        task = asyncio.ensure_future(step)
        stopping = asyncio.ensure_future(self._stopping.wait())
        try:
            await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
            if not task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        return None if task.cancelled() else task.result()
