"""Chat transports: the only code that imports a Telegram framework.

`build_transport` imports the chosen framework lazily, so importing this package (or the
core) pulls in neither aiogram nor python-telegram-bot.
"""

from __future__ import annotations

from bot.delivery import Transport

FRAMEWORKS = ("aiogram", "ptb")


def build_transport(
    framework: str,
    token: str,
    api_base: str = "https://api.telegram.org",
    poll_timeout: int = 30,
    request_timeout: float = 10.0,
) -> Transport:
    """The transport for `framework` ("aiogram", the config default, or "ptb").

    Nothing touches the network yet; a malformed token raises ValueError (without echoing it).
    """
    if framework == "aiogram":
        from bot.transports.aiogram_transport import AiogramTransport

        return AiogramTransport(token, api_base, poll_timeout=poll_timeout, request_timeout=request_timeout)
    if framework == "ptb":
        from bot.transports.ptb_transport import PtbTransport

        return PtbTransport(token, api_base, poll_timeout=poll_timeout, request_timeout=request_timeout)
    raise ValueError(f"unknown transport framework {framework!r}; expected one of {FRAMEWORKS}")
