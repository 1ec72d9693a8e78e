"""setWebhook on the fake: updates are POSTed to the bot's URL instead of served by getUpdates.

Like Telegram: up to max_connections updates at a time (40 unless setWebhook says), oldest first,
with the secret token in X-Telegram-Bot-Api-Secret-Token; an update is forgotten only once the
bot answers 2xx, and retried (with a growing pause) on anything else. getUpdates is refused (409) while a webhook
is set. Each attempt is a fresh connection, so several workers behind one port share them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from aiohttp import ClientError, ClientSession, ClientTimeout, TCPConnector

from .errors import ApiError
from .models import Json
from .updates import UpdateQueue, _Entry

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)
Handler = Callable[[Json], Any]


class WebhookPusher:
    def __init__(self, queue: UpdateQueue, activity: Callable[[], None], *, timeout: float = 15.0) -> None:
        self._queue = queue
        self._activity = activity
        self._timeout = timeout
        self.url = ""
        self.secret: str | None = None
        self.posts: list[tuple[int, int | None]] = []  # (update_id, HTTP status or None when unreachable)
        self._task: asyncio.Task[None] | None = None
        self.max_connections = 40

    def install(self, table: dict[str, tuple[str, Handler]]) -> None:
        """Take over setWebhook, deleteWebhook, getWebhookInfo and getUpdates in the methods table."""
        get_updates, delete_webhook = table["getupdates"][1], table["deletewebhook"][1]

        async def guarded_get_updates(p: Json) -> Any:
            if self.url:
                raise ApiError(409, WEBHOOK_ACTIVE)
            return await get_updates(p)

        async def delete(p: Json) -> Any:
            await self.stop()
            return await delete_webhook(p)

        table["getupdates"] = ("getUpdates", guarded_get_updates)
        table["deletewebhook"] = ("deleteWebhook", delete)
        table["setwebhook"] = ("setWebhook", self._set_webhook)
        table["getwebhookinfo"] = ("getWebhookInfo", self._info)

    async def _set_webhook(self, p: Json) -> bool:
        url = p.get("url")
        if not isinstance(url, str) or not url:
            await self.stop()  # an empty url removes the webhook, as Telegram does
            return True
        if p.get("drop_pending_updates") in (True, "true", "True"):
            self._queue.drop_pending()
        allowed = p.get("allowed_updates")
        self._queue.set_allowed(allowed if isinstance(allowed, list) else None)
        secret = p.get("secret_token")
        self.secret = secret if isinstance(secret, str) and secret else None
        connections = str(p.get("max_connections", 40))
        self.max_connections = int(connections) if connections.isdigit() else 40
        self.url = url
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="fake-webhook")
        return True

    async def _info(self, p: Json) -> Json:
        return {"url": self.url, "has_custom_certificate": False, "pending_update_count": self._queue.undelivered}

    async def stop(self) -> None:
        self.url, task, self._task = "", self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        in_flight: dict[int, asyncio.Task[None]] = {}  # id(entry) → its delivery
        async with ClientSession(connector=TCPConnector(force_close=True)) as http:
            try:
                while self.url:
                    for entry in self._queue.heads(self.max_connections):
                        if id(entry) not in in_flight and len(in_flight) < self.max_connections:
                            in_flight[id(entry)] = asyncio.create_task(self._deliver(http, entry, in_flight))
                    await self._queue.changed(0.05)
            finally:
                for task in list(in_flight.values()):
                    task.cancel()
                await asyncio.gather(*in_flight.values(), return_exceptions=True)

    async def _deliver(self, http: ClientSession, entry: _Entry, in_flight: dict[int, asyncio.Task[None]]) -> None:
        try:
            await self._until_delivered(http, entry)
        finally:
            in_flight.pop(id(entry), None)

    async def _until_delivered(self, http: ClientSession, entry: _Entry) -> None:
        failures = 0
        while self.url:
            status = await self._post(http, entry.update)
            self.posts.append((entry.update_id, status))
            self._activity()
            if status is not None and 200 <= status < 300:
                self._queue.pushed(entry)
                return
            failures += 1
            await asyncio.sleep(min(2.0, 0.05 * 2**failures))

    async def _post(self, http: ClientSession, update: Json) -> int | None:
        headers = {SECRET_HEADER: self.secret} if self.secret else {}
        try:
            timeout = ClientTimeout(total=self._timeout)
            async with http.post(self.url, json=update, headers=headers, timeout=timeout) as r:
                return r.status
        except (ClientError, TimeoutError, OSError) as exc:
            log.debug("webhook post of update %s failed: %s", update.get("update_id"), exc)
            return None
