"""config.toml: parsed once, typed, and every mistake named with its key."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config import ConfigError, bot_token, load_config, parse_config, parse_duration

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_config_toml_loads() -> None:
    config = load_config(ROOT / "config.toml")
    assert config.telegram.framework == "aiogram"
    assert config.telegram.api_base == "https://api.telegram.org"
    assert config.database.url.startswith("sqlite+aiosqlite://")
    assert config.grid.compound_of_chat(-1001001) is not None
    assert config.policy.ladder.compound_after == timedelta(minutes=10)


def test_defaults_fill_an_empty_file() -> None:
    config = parse_config({})
    assert config.bot.locale == "zh" and config.bot.emergency_number == "120"
    assert config.outbox.per_group_per_minute == 20 and config.outbox.global_per_second == 30
    assert config.grid.communities == ()
    assert config.policy.suggestion_timeout == timedelta(minutes=5)
    assert parse_config({"bot": {"suggestion_timeout": "90s"}}).policy.suggestion_timeout == timedelta(seconds=90)
    assert (config.policy.offer_lifetime, config.policy.page_size) == (timedelta(days=7), 8)
    desk = parse_config({"desk": {"offer_lifetime": "3d", "page_size": 5}}).policy
    assert (desk.offer_lifetime, desk.page_size) == (timedelta(days=3), 5)
    assert config.policy.keep_text_days == 365
    assert parse_config({"privacy": {"keep_text_days": 30}}).policy.keep_text_days == 30


@pytest.mark.parametrize(
    ("value", "expected"),
    [("90s", timedelta(seconds=90)), ("10m", timedelta(minutes=10)), ("2h", timedelta(hours=2)),
     ("1d", timedelta(days=1)), ("1.5h", timedelta(minutes=90)), (30, timedelta(seconds=30))],
)
def test_durations(value: object, expected: timedelta) -> None:
    assert parse_duration(value, "x") == expected


@pytest.mark.parametrize(
    ("data", "complaint"),
    [
        ({"bot": {"locale": "fr"}}, "[bot] locale"),
        ({"bot": {"timezone": "Mars/Olympus"}}, "[bot] timezone"),
        ({"bot": {"suggestion_timeout": "soon"}}, "[bot] suggestion_timeout"),
        ({"bot": {"suggestion_timeout": "0s"}}, "[bot] suggestion_timeout"),
        ({"telegram": {"framework": "discord"}}, "[telegram] framework"),
        ({"telegram": {"poll_timeout": "soon"}}, "[telegram] poll_timeout"),
        ({"outbox": {"per_group_per_minute": True}}, "[outbox] per_group_per_minute"),
        ({"ladder": {"compound_after": "ten minutes"}}, "[ladder] compound_after"),
        ({"ladder": {"compound_after": "2h", "community_after": "1h"}}, "compound_after < community_after"),
        ({"matching": {"calls_per_ring": 0}}, "calls_per_ring"),
        ({"desk": {"offer_lifetime": "0s"}}, "[desk] offer_lifetime"),
        ({"desk": {"offer_lifetime": "a week"}}, "[desk] offer_lifetime"),
        ({"desk": {"page_size": 0}}, "[desk] page_size"),
        ({"desk": {"page_size": "8"}}, "[desk] page_size"),
        ({"privacy": {"keep_text_days": 0}}, "[privacy] keep_text_days"),
        ({"privacy": {"keep_text_days": "a year"}}, "[privacy] keep_text_days"),
        ({"communities": [{"secretaries": [1]}]}, "needs a name"),
        ({"communities": [{"name": "A", "secretaries": ["bob"]}]}, "secretaries"),
        ({"communities": [{"name": "A", "compounds": [{"name": "X", "buildings": ["1", "1"]}]}]}, "twice"),
        (
            {"communities": [{"name": "A", "compounds": [{"name": "X", "chats": [-1]}, {"name": "Y", "chats": [-1]}]}]},
            "two compounds",
        ),
    ],
)
def test_mistakes_are_named(data: dict[str, Any], complaint: str) -> None:
    with pytest.raises(ConfigError, match=complaint.replace("[", r"\[").replace("]", r"\]")):
        parse_config(data)


def test_a_missing_or_broken_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "absent.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[bot\nlocale = ", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(broken)


def test_secrets_and_overrides_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert bot_token() is None
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", " 123:abc ")
    assert bot_token() == "123:abc"
    monkeypatch.setenv("JINLIN_DATABASE_URL", "postgresql+asyncpg://u@h/db")
    assert parse_config({"database": {"url": "sqlite+aiosqlite:///x.db"}}).database.url == "postgresql+asyncpg://u@h/db"


def test_sections_are_frozen() -> None:
    config = parse_config({})
    with pytest.raises(AttributeError):
        config.bot.locale = "en"  # type: ignore[misc]
