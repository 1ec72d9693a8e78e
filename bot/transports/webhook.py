"""Webhook mode: one small aiohttp server of ours, shared by both frameworks.

Telegram forgets an update once its POST is answered 2xx, so the 200 goes out only after the
update is stored in the inbox; handling runs from the inbox, as with polling. Anything else
(the database slow or down, a stop) answers 503 and Telegram posts the update again later.
The frameworks' own webhook helpers are not used: aiogram's answers before its handlers finish
unless it handles inside the request, and PTB's Updater queues the update in memory and
answers at once; neither lets us store first. The framework still parses each update (`read`:
aiogram's `Update.model_validate`, PTB's `Update.de_json`, through its dispatcher).

Several workers may listen on one port (SO_REUSEPORT): the kernel spreads connections among them.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import socket
from collections.abc import Callable

from aiohttp import web

from bot.config_tables import ConfigError, WebhookSection
from bot.delivery import InboxSink
from bot.transports.polling import Read
from handlers.chat import Received, Unreadable

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram gives up on a webhook request after about 60 s; answer well within it.
STORE_WITHIN_SECONDS = 10.0


class WebhookReceiver:
    def __init__(self, settings: WebhookSection, read: Read, *, describe: Callable[[BaseException], str]) -> None:
        self.settings = settings
        self._read = read
        self._describe = describe
        self._store: InboxSink | None = None
        self._runner: web.AppRunner | None = None
        self.port: int | None = None  # the bound port (0 in the config picks a free one)

    @property
    def running(self) -> bool:
        return self._runner is not None

    async def start(self, store: InboxSink) -> None:
        self._store = store
        app = web.Application(client_max_size=1 << 20)
        app.router.add_post(self.settings.path, self._handle)
        host, port = self.settings.host, self.settings.port
        try:
            sock = _listening_socket(host, port)
        except OSError as exc:
            raise ConfigError(f"[telegram] webhook_listen: cannot listen on {host}:{port}: {exc.strerror}") from exc
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        site = web.SockSite(runner, sock)
        await site.start()
        self._runner = runner
        self.port = int(runner.addresses[0][1])
        log.info("webhook listening on %s:%d%s", self.settings.host, self.port, self.settings.path)

    async def stop(self, grace: float) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await asyncio.wait_for(runner.cleanup(), grace + 2.0)

    async def _handle(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.settings.secret.encode()):
            log.warning("webhook request from %s without the right secret token: refused", request.remote)
            return web.Response(status=401, text="unauthorized")
        try:
            raw = json.loads(await request.read())
        except ValueError:
            return web.Response(status=400, text="not JSON")
        update_id = raw.get("update_id") if isinstance(raw, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            log.warning("skipped a webhook update without an update_id: %.200r", raw)
            return web.Response(text="ok")  # nothing to keep; a retry would be the same
        received: list[Received] = []
        try:
            event = await self._read(raw)
        except Exception as exc:
            error = self._describe(exc)
            log.warning("update %d could not be read, kept in the inbox as unreadable: %s", update_id, error)
            received.append(Unreadable(update_id, raw, error))
        else:
            if event is not None:
                received.append(event)
        store = self._store
        if store is None:
            return web.Response(status=503, text="stopping")
        try:
            await asyncio.wait_for(store(received), STORE_WITHIN_SECONDS)
        except Exception as exc:
            # Not stored, so not acknowledged: Telegram posts it again.
            log.warning("storing webhook update %d failed, answered 503: %s", update_id, self._describe(exc))
            return web.Response(status=503, text="try again")
        return web.Response(text="ok")


def _listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Several `jinlin run` workers share one port; the kernel balances connections among them.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock
