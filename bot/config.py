"""config.toml, parsed once into typed, frozen sections.

Secrets never live in the file: the bot token comes from TELEGRAM_BOT_TOKEN.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.config_tables import ConfigError as ConfigError  # re-exported: callers catch it from here
from bot.config_tables import Section, WebhookSection, parse_grid, parse_webhook, positive, time_of_day
from bot.config_tables import parse_duration as parse_duration  # re-exported: the sections' readers
from handlers.domain import Grid
from handlers.domain.policy import Ladder, Policy
from handlers.domain.visits import Cadence

TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
DATABASE_URL_ENV = "JINLIN_DATABASE_URL"
OPS_LISTEN_ENV = "JINLIN_OPS_LISTEN"  # a container listens on 0.0.0.0 with the host's config file


@dataclass(frozen=True, slots=True)
class BotSection:
    locale: str
    timezone: ZoneInfo
    emergency_number: str
    log_format: str = "text"  # "text" or "json" (one object a line)
    log_level: str = "info"  # "debug" also shows the HTTP libraries' request logs


@dataclass(frozen=True, slots=True)
class TelegramSection:
    framework: str
    mode: str
    api_base: str
    poll_timeout: int
    request_timeout: float = 10.0  # seconds a Bot API call (other than a long poll) may take
    webhook: WebhookSection | None = None  # set in webhook mode only


@dataclass(frozen=True, slots=True)
class DatabaseSection:
    url: str
    echo: bool


@dataclass(frozen=True, slots=True)
class OutboxSection:
    per_chat_per_second: float
    per_group_per_minute: int
    global_per_second: int
    poll_seconds: float
    max_attempts: int = 8  # failed attempts before a message is parked and the secretaries told
    # How long a message taken for sending stays the sender's: what a crashed sender held comes
    # back after this (a newly elected one on PostgreSQL takes it back sooner).
    lease_seconds: float = 30.0


@dataclass(frozen=True, slots=True)
class JobsSection:
    sweep_seconds: float
    digest_at: time
    publish_results: bool = False  # on the 1st, last month's results to every group
    publish_at: time = time(10, 0)


@dataclass(frozen=True, slots=True)
class OpsSection:
    """The health and metrics listener (bot/ops/), off unless `listen` is set."""

    listen: tuple[str, int] | None = None  # (host, port); port 0 takes any free one
    updates_within: timedelta = timedelta(hours=6)  # /healthz: an update arrived at most this long ago
    outbox_lag_max: timedelta = timedelta(minutes=5)  # /healthz: the oldest unsent message is younger


@dataclass(frozen=True, slots=True)
class Config:
    bot: BotSection
    telegram: TelegramSection
    database: DatabaseSection
    outbox: OutboxSection
    jobs: JobsSection
    policy: Policy
    ops: OpsSection = OpsSection()
    source: Path | None = None

    @property
    def grid(self) -> Grid:
        return self.policy.grid


def _ladder(section: Section) -> Ladder:
    def d(key: str, default: str) -> timedelta:
        return parse_duration(section.data.get(key, default), f"[ladder] {key}")

    ladder = Ladder(
        compound_after=d("compound_after", "10m"),
        community_after=d("community_after", "30m"),
        secretaries_after=d("secretaries_after", "1h"),
        follow_up_after=d("follow_up_after", "2h"),
        overdue_after=d("overdue_after", "6h"),
        expire_after=d("expire_after", "24h"),
        urgent_factor=float(section.get("urgent_factor", (int, float), 0.25)),
    )
    try:
        ladder.validate()
    except ValueError as e:
        raise ConfigError(str(e)) from e
    return ladder


def _address(value: str, where: str) -> tuple[str, int] | None:
    if not value:
        return None
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise ConfigError(f"{where}: expected \"host:port\" like \"127.0.0.1:9100\", got {value!r}")
    return host.strip("[]"), int(port)


def _ops(section: Section) -> OpsSection:
    listen = os.environ.get(OPS_LISTEN_ENV)
    where = OPS_LISTEN_ENV if listen else "[ops] listen"
    ops = OpsSection(
        listen=_address(listen or section.get("listen", str, ""), where),
        updates_within=parse_duration(section.data.get("updates_within", "6h"), "[ops] updates_within"),
        outbox_lag_max=parse_duration(section.data.get("outbox_lag_max", "5m"), "[ops] outbox_lag_max"),
    )
    if min(ops.updates_within, ops.outbox_lag_max) <= timedelta(0):
        raise ConfigError("[ops] updates_within and outbox_lag_max must be longer than nothing")
    return ops
def _visits(section: Section) -> Cadence:
    cadence = Cadence(
        contact_every=section.get("contact_every", int, 3),
        visit_every=section.get("visit_every", int, 5),
        remind_at=time_of_day(section.get("remind_at", str, "09:00"), "[visits] remind_at"),
        overdue_after=parse_duration(section.data.get("overdue_after", "1d"), "[visits] overdue_after"),
    )
    if not 1 <= cadence.contact_every <= cadence.visit_every <= 60:
        raise ConfigError("[visits] 1 <= contact_every <= visit_every <= 60 must hold (days)")
    if cadence.overdue_after <= timedelta(0):
        raise ConfigError("[visits] overdue_after: must be longer than nothing")
    return cadence


def parse_config(data: Mapping[str, Any], source: Path | None = None) -> Config:
    root = Section(data, "")
    bot = root.table("bot")
    tz_name = bot.get("timezone", str, "Asia/Shanghai")
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError) as e:
        raise ConfigError(f"[bot] timezone: unknown time zone {tz_name!r}") from e
    telegram = root.table("telegram")
    database = root.table("database")
    outbox = root.table("outbox")
    jobs = root.table("jobs")
    matching = root.table("matching")
    desk = root.table("desk")
    policy = Policy(
        grid=parse_grid(data.get("communities", [])),
        ladder=_ladder(root.table("ladder")),
        calls_per_ring=matching.get("calls_per_ring", int, 3),
        rest_minutes=matching.get("rest_minutes", int, 30),
        timezone=tz,
        suggestion_timeout=parse_duration(bot.data.get("suggestion_timeout", "5m"), "[bot] suggestion_timeout"),
        offer_lifetime=parse_duration(desk.data.get("offer_lifetime", "7d"), "[desk] offer_lifetime"),
        page_size=desk.get("page_size", int, 8),
        visits=_visits(root.table("visits")),
        keep_text_days=root.table("privacy").get("keep_text_days", int, 365),
    )
    if policy.offer_lifetime <= timedelta(0):
        raise ConfigError("[desk] offer_lifetime: must be longer than nothing")
    if not 1 <= policy.page_size <= 20:
        raise ConfigError("[desk] page_size: must be 1 to 20")
    if policy.suggestion_timeout <= timedelta(0):
        raise ConfigError("[bot] suggestion_timeout: must be longer than nothing")
    if policy.keep_text_days < 1:
        raise ConfigError("[privacy] keep_text_days: must be at least 1")
    if policy.calls_per_ring < 1:
        raise ConfigError("[matching] calls_per_ring: must be at least 1")
    return Config(
        bot=BotSection(
            locale=bot.choice("locale", ("zh", "en"), "zh"),
            timezone=tz,
            emergency_number=bot.get("emergency_number", str, "120"),
            log_format=bot.choice("log_format", ("text", "json"), "text"),
            log_level=bot.choice("log_level", ("debug", "info", "warning", "error"), "info"),
        ),
        telegram=TelegramSection(
            framework=telegram.choice("framework", ("aiogram", "ptb"), "aiogram"),
            mode=telegram.choice("mode", ("polling", "webhook"), "polling"),
            api_base=telegram.get("api_base", str, "https://api.telegram.org").rstrip("/"),
            poll_timeout=telegram.get("poll_timeout", int, 30),
            request_timeout=positive(telegram.get("request_timeout", (int, float), 10), "[telegram] request_timeout"),
            webhook=parse_webhook(telegram) if telegram.data.get("mode") == "webhook" else None,
        ),
        database=DatabaseSection(
            url=os.environ.get(DATABASE_URL_ENV) or database.get("url", str, "sqlite+aiosqlite:///jinlin.db"),
            echo=database.get("echo", bool, False),
        ),
        outbox=OutboxSection(
            per_chat_per_second=float(outbox.get("per_chat_per_second", (int, float), 1)),
            per_group_per_minute=outbox.get("per_group_per_minute", int, 20),
            global_per_second=outbox.get("global_per_second", int, 30),
            poll_seconds=float(outbox.get("poll_seconds", (int, float), 1.0)),
            max_attempts=int(positive(outbox.get("max_attempts", int, 8), "[outbox] max_attempts")),
            lease_seconds=float(positive(outbox.get("lease_seconds", (int, float), 30), "[outbox] lease_seconds")),
        ),
        jobs=JobsSection(
            sweep_seconds=float(jobs.get("sweep_seconds", (int, float), 15)),
            digest_at=time_of_day(jobs.get("digest_at", str, "08:00"), "[jobs] digest_at"),
            publish_results=jobs.get("publish_results", bool, False),
            publish_at=time_of_day(jobs.get("publish_at", str, "10:00"), "[jobs] publish_at"),
        ),
        policy=policy,
        ops=_ops(root.table("ops")),
        source=source,
    )


def load_config(path: str | Path) -> Config:
    path = Path(path)
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError as e:
        raise ConfigError(f"{path}: no such file") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from e
    return parse_config(data, source=path)


def bot_token() -> str | None:
    token = os.environ.get(TOKEN_ENV, "").strip()
    return token or None
