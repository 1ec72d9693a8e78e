"""[ops] and [bot] log_format: parsed, defaulted, and every mistake named."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.config import OPS_LISTEN_ENV, ConfigError, parse_config


def test_the_listener_is_off_by_default_with_sensible_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(OPS_LISTEN_ENV, raising=False)
    config = parse_config({})
    assert config.ops.listen is None
    assert config.ops.updates_within == timedelta(hours=6)
    assert config.ops.outbox_lag_max == timedelta(minutes=5)
    assert config.bot.log_format == "text"


def test_ops_keys_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(OPS_LISTEN_ENV, raising=False)
    config = parse_config({
        "bot": {"log_format": "json"},
        "ops": {"listen": "127.0.0.1:9100", "updates_within": "30m", "outbox_lag_max": "90s"},
    })
    assert config.ops.listen == ("127.0.0.1", 9100)
    assert config.ops.updates_within == timedelta(minutes=30)
    assert config.ops.outbox_lag_max == timedelta(seconds=90)
    assert config.bot.log_format == "json"
    assert parse_config({"ops": {"listen": "[::1]:9100"}}).ops.listen == ("::1", 9100)


def test_the_environment_overrides_the_listen_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(OPS_LISTEN_ENV, "0.0.0.0:9200")
    assert parse_config({"ops": {"listen": "127.0.0.1:9100"}}).ops.listen == ("0.0.0.0", 9200)
    monkeypatch.setenv(OPS_LISTEN_ENV, "9200")
    with pytest.raises(ConfigError, match=OPS_LISTEN_ENV):
        parse_config({})


@pytest.mark.parametrize(
    ("data", "complaint"),
    [
        ({"ops": {"listen": "9100"}}, "[ops] listen"),
        ({"ops": {"listen": "localhost:http"}}, "[ops] listen"),
        ({"ops": {"listen": "127.0.0.1:70000"}}, "[ops] listen"),
        ({"ops": {"listen": 9100}}, "[ops] listen"),
        ({"ops": {"updates_within": "soon"}}, "[ops] updates_within"),
        ({"ops": {"outbox_lag_max": "0s"}}, "outbox_lag_max"),
        ({"bot": {"log_format": "xml"}}, "[bot] log_format"),
    ],
)
def test_mistakes_are_named(data: dict[str, Any], complaint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(OPS_LISTEN_ENV, raising=False)
    with pytest.raises(ConfigError, match=complaint.replace("[", r"\[").replace("]", r"\]")):
        parse_config(data)
