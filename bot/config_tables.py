"""Reading config.toml's tables: typed reads that name the key in every error, and the grid."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

from handlers.domain import Community, Compound, Grid


class ConfigError(ValueError):
    """The config file is wrong; the message says where and how."""


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: object, where: str) -> timedelta:
    """ "90s", "10m", "2h", "1d" (or a number of seconds)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return timedelta(seconds=float(value))
    if isinstance(value, str) and (m := _DURATION.match(value)):
        return timedelta(seconds=float(m.group(1)) * _UNIT_SECONDS[m.group(2)])
    raise ConfigError(f"{where}: expected a duration like \"90s\", \"10m\", \"2h\", got {value!r}")


def time_of_day(value: object, where: str) -> time:
    if isinstance(value, str):
        try:
            return time.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigError(f"{where}: expected a time like \"08:00\", got {value!r}")


def positive(value: float, where: str) -> float:
    if value <= 0:
        raise ConfigError(f"{where}: must be more than 0, got {value!r}")
    return float(value)


class Section:
    """Typed reads from one TOML table that name the key in every error."""

    def __init__(self, data: Mapping[str, Any], name: str) -> None:
        self.data = data
        self.name = name

    def get(self, key: str, kind: type | tuple[type, ...], default: Any) -> Any:
        value = self.data.get(key, default)
        if isinstance(value, bool) and kind in (int, float, (int, float)):
            raise ConfigError(f"[{self.name}] {key}: expected a number, got {value!r}")
        if not isinstance(value, kind):
            raise ConfigError(f"[{self.name}] {key}: expected {kind_name(kind)}, got {value!r}")
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.get(key, str, default)
        if value not in choices:
            raise ConfigError(f"[{self.name}] {key}: must be one of {', '.join(choices)}, got {value!r}")
        return str(value)

    def table(self, key: str) -> Section:
        return Section(self.get(key, dict, {}), key)


WEBHOOK_SECRET_ENV = "JINLIN_WEBHOOK_SECRET"
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what setWebhook's secret_token allows


@dataclass(frozen=True, slots=True)
class WebhookSection:
    """[telegram] mode = "webhook": where our server listens, what Telegram is told to call."""

    host: str
    port: int
    url: str  # the public URL Telegram posts to (path included)
    path: str  # the path our server answers on
    secret: str  # from JINLIN_WEBHOOK_SECRET, never from the file


def parse_webhook(telegram: Section) -> WebhookSection:
    listen = telegram.get("webhook_listen", str, "0.0.0.0:8443")
    host, _, port = listen.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ConfigError(f"[telegram] webhook_listen: expected host:port, got {listen!r}")
    path = telegram.get("webhook_path", str, "/telegram")
    if not path.startswith("/"):
        raise ConfigError(f"[telegram] webhook_path: must start with /, got {path!r}")
    url = telegram.get("webhook_url", str, "")
    if not url.startswith(("https://", "http://")):
        raise ConfigError("[telegram] webhook_url: webhook mode needs the public https:// URL Telegram posts to")
    secret = os.environ.get(WEBHOOK_SECRET_ENV, "").strip()
    if not _SECRET.match(secret):
        raise ConfigError(f"webhook mode needs {WEBHOOK_SECRET_ENV}: 1-256 characters of A-Z, a-z, 0-9, _ and -")
    return WebhookSection(host.strip("[]"), int(port), url, path, secret)


def kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join({"str": "a string", "int": "a whole number", "float": "a number", "bool": "true or false",
                        "dict": "a table", "list": "a list"}.get(k.__name__, k.__name__) for k in kinds)


def parse_grid(raw: object) -> Grid:
    if not isinstance(raw, list):
        raise ConfigError("[[communities]]: expected an array of tables")
    communities: list[Community] = []
    seen_chats: set[int] = set()
    for i, item in enumerate(raw):
        section = Section(item if isinstance(item, dict) else {}, f"communities[{i}]")
        name = section.get("name", str, "")
        if not name:
            raise ConfigError(f"[[communities]] #{i + 1}: needs a name")
        secretaries = tuple(ints(section.get("secretaries", list, []), f"{name}: secretaries"))
        compounds: list[Compound] = []
        for j, raw_compound in enumerate(section.get("compounds", list, [])):
            c = Section(raw_compound if isinstance(raw_compound, dict) else {}, f"{name}.compounds[{j}]")
            compound_name = c.get("name", str, "")
            if not compound_name:
                raise ConfigError(f"{name}: compound #{j + 1} needs a name")
            buildings = tuple(str(b) for b in c.get("buildings", list, []))
            if len(set(buildings)) != len(buildings):
                raise ConfigError(f"{name} / {compound_name}: a building is listed twice")
            chats = tuple(ints(c.get("chats", list, []), f"{compound_name}: chats"))
            if clash := seen_chats.intersection(chats):
                raise ConfigError(f"{compound_name}: chat {clash.pop()} belongs to two compounds")
            seen_chats.update(chats)
            coordinates = {
                str(b): (float(xy[0]), float(xy[1]))
                for b, xy in c.get("coordinates", dict, {}).items()
                if isinstance(xy, list) and len(xy) == 2
            }
            compounds.append(Compound(compound_name, name, buildings, chats, coordinates))
        communities.append(Community(name, secretaries, tuple(compounds)))
    return Grid(tuple(communities))


def ints(values: list[Any], where: str) -> list[int]:
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        raise ConfigError(f"{where}: expected whole numbers (Telegram ids), got {values!r}")
    return list(values)
