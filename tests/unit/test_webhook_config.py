"""[telegram] mode = "webhook": its keys, the secret from the environment, and every mistake named."""

from __future__ import annotations

import socket

import pytest

from bot.config import ConfigError, parse_config
from bot.config_tables import WebhookSection
from bot.transports.webhook import WebhookReceiver

HOOK = {"mode": "webhook", "webhook_url": "https://bot.example.org/tg", "webhook_path": "/tg"}


def test_polling_is_the_default_and_needs_no_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JINLIN_WEBHOOK_SECRET", raising=False)
    telegram = parse_config({}).telegram
    assert (telegram.mode, telegram.webhook) == ("polling", None)


def test_webhook_keys_and_the_secret_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JINLIN_WEBHOOK_SECRET", "s3cret_-X")
    hook = parse_config({"telegram": HOOK}).telegram.webhook
    assert hook is not None
    assert (hook.host, hook.port, hook.url, hook.path, hook.secret) == (
        "0.0.0.0", 8443, "https://bot.example.org/tg", "/tg", "s3cret_-X"
    )


@pytest.mark.parametrize(
    ("keys", "secret", "complaint"),
    [
        ({}, "", "JINLIN_WEBHOOK_SECRET"),
        ({}, "has space", "JINLIN_WEBHOOK_SECRET"),
        ({}, "x" * 257, "JINLIN_WEBHOOK_SECRET"),
        ({"webhook_url": ""}, "ok", "webhook_url"),
        ({"webhook_url": "ftp://x"}, "ok", "webhook_url"),
        ({"webhook_listen": "8443"}, "ok", "webhook_listen"),
        ({"webhook_listen": "host:port"}, "ok", "webhook_listen"),
        ({"webhook_path": "tg"}, "ok", "webhook_path"),
        ({"mode": "push"}, "ok", "mode"),
    ],
)
def test_webhook_mistakes_are_named(
    monkeypatch: pytest.MonkeyPatch, keys: dict[str, str], secret: str, complaint: str
) -> None:
    monkeypatch.setenv("JINLIN_WEBHOOK_SECRET", secret)
    with pytest.raises(ConfigError, match=complaint):
        parse_config({"telegram": {**HOOK, **keys}})


async def test_a_webhook_port_already_taken_is_one_clear_line() -> None:
    async def never(raw: dict[str, object]) -> None:
        raise AssertionError("nothing arrives")

    async def store(received: object) -> None:
        raise AssertionError("nothing is stored")

    with socket.socket() as taken:  # an ordinary listener, without SO_REUSEPORT
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        receiver = WebhookReceiver(WebhookSection("127.0.0.1", port, "https://x/h", "/h", "s"), never,
                                   describe=str)  # fmt: skip
        with pytest.raises(ConfigError, match=rf"webhook_listen: cannot listen on 127.0.0.1:{port}: "):
            await receiver.start(store)
        assert not receiver.running
