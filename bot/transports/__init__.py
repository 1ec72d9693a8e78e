"""Chat transports: the only code that imports a Telegram framework.

`build_transport` imports the chosen framework lazily, so importing this package (or the
core) pulls in neither aiogram nor python-telegram-bot.
"""

from __future__ import annotations

from bot.config_tables import WebhookSection
from bot.delivery import Transport
from bot.transports.polling import Gate

FRAMEWORKS = ("aiogram", "ptb")


def build_transport(
    framework: str,
    token: str,
    api_base: str = "https://api.telegram.org",
    poll_timeout: int = 30,
    request_timeout: float = 10.0,
    webhook: WebhookSection | None = None,
    gate: Gate | None = None,
) -> Transport:
    """The transport for `framework` ("aiogram", the config default, or "ptb").

    `webhook` set: updates arrive on our webhook server, else by long polling (each poll waits
    for `gate`, when given). Nothing touches
    the network yet; a malformed token raises ValueError (without echoing it).
    """
    if framework == "aiogram":
        from bot.transports.aiogram_transport import AiogramTransport

        return AiogramTransport(
            token, api_base, poll_timeout=poll_timeout, request_timeout=request_timeout, webhook=webhook, gate=gate
        )
    if framework == "ptb":
        from bot.transports.ptb_transport import PtbTransport

        return PtbTransport(
            token, api_base, poll_timeout=poll_timeout, request_timeout=request_timeout, webhook=webhook, gate=gate
        )
    raise ValueError(f"unknown transport framework {framework!r}; expected one of {FRAMEWORKS}")
