"""How updates come in, the same for both frameworks: long polling (we own the offset) or our
webhook server. A transport supplies only what its library does differently: fetching a batch
of raw updates, reading one raw update into a `ChatEvent`, and the two webhook calls."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from bot.config_tables import WebhookSection
from bot.delivery import InboxSink
from bot.transports.polling import Fetch, Gate, OffsetPolling, Read
from bot.transports.translate import STOP_GRACE_SECONDS, describe

if TYPE_CHECKING:
    from bot.transports.webhook import WebhookReceiver

SetWebhook = Callable[[str, str], Awaitable[object]]  # (url, secret_token)
DeleteWebhook = Callable[[], Awaitable[object]]


class Intake:
    def __init__(
        self, fetch: Fetch, read: Read, *, token: str, poll_timeout: int,
        webhook: WebhookSection | None, gate: Gate | None,
    ) -> None:
        said = lambda exc: describe(exc, token)  # noqa: E731
        self._polling = OffsetPolling(fetch, read, poll_timeout=poll_timeout, describe=said, gate=gate)
        self.webhook: WebhookReceiver | None = None
        if webhook:
            # Imported only for a webhook: aiohttp's server is ~100 ms and some MiB that PTB, which
            # polls through httpx, would otherwise load and keep for nothing.
            from bot.transports.webhook import WebhookReceiver

            self.webhook = WebhookReceiver(webhook, read, describe=said)

    @property
    def running(self) -> bool:
        return self._polling.running or (self.webhook is not None and self.webhook.running)

    async def start(self, store: InboxSink, *, set_webhook: SetWebhook, delete_webhook: DeleteWebhook) -> None:
        if self.running:
            raise RuntimeError("transport already started")
        if self.webhook is None:
            # As PTB does before polling: switching back from a webhook is then just a restart.
            await delete_webhook()
            self._polling.start(store)
            return
        await self.webhook.start(store)  # listening before Telegram is told to post
        try:
            await set_webhook(self.webhook.settings.url, self.webhook.settings.secret)
        except BaseException:
            await self.webhook.stop(STOP_GRACE_SECONDS)
            raise

    async def stop(self) -> None:
        # The webhook stays set: Telegram keeps what arrives meanwhile for the next start.
        if self.webhook is not None:
            await self.webhook.stop(STOP_GRACE_SECONDS)
        await self._polling.stop(STOP_GRACE_SECONDS)
