"""`jinlin doctor --config FILE`: one checklist an operator can read, ✓ or ✗ and why on each line;
exit 1 when anything failed. It changes nothing: no migration, no message, no database file."""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TextIO

from sqlalchemy.engine import make_url

from bot.config import TOKEN_ENV, Config, ConfigError, bot_token, load_config
from bot.ops.telegram import BotApiClient, TelegramError
from storage.engine import create_engine, is_sqlite
from storage.migrate import current, head
from storage.stats import ping

READS_ALL = ("administrator", "creator")
NOT_IN = ("left", "kicked")
FIX_PRIVACY = ("BotFather: /setprivacy → Disable, then remove the bot from the group and add it again; "
               "or make the bot an administrator")


@dataclass
class Checklist:
    out: TextIO
    failed: int = 0
    lines: list[str] = field(default_factory=list)

    def check(self, ok: bool, what: str, why: str) -> bool:
        self.failed += not ok
        line = f"{'✓' if ok else '✗'} {what}: {why}"
        self.lines.append(line)
        print(line, file=self.out, flush=True)
        return ok


async def doctor(path: str, out: TextIO = sys.stdout) -> int:
    checks = Checklist(out)
    try:
        config = load_config(path)
    except ConfigError as e:
        checks.check(False, "config valid", str(e))
        return _verdict(checks)
    chats = [(chat, compound.name) for community in config.grid.communities for compound in community.compounds
             for chat in compound.chats]
    counts = f"communities: {len(config.grid.communities)}, group chats: {len(chats)}"
    checks.check(True, "config valid", f"{path} ({counts})")
    tz = config.bot.timezone
    checks.check(True, "timezone valid", f"{tz.key}, local time now {datetime.now(tz):%Y-%m-%d %H:%M}")
    await _telegram(config, chats, checks)
    await _database(config, checks)
    return _verdict(checks)


def _verdict(checks: Checklist) -> int:
    if checks.failed:
        print(f"{checks.failed} of {len(checks.lines)} checks failed", file=checks.out)
        return 1
    print(f"all {len(checks.lines)} checks passed", file=checks.out)
    return 0


async def _telegram(config: Config, chats: list[tuple[int, str]], checks: Checklist) -> None:
    token = bot_token()
    if token is None:
        checks.check(False, "token works", f"{TOKEN_ENV} is not set (the token BotFather gave you); "
                                           "Telegram not checked")
        return
    async with BotApiClient(config.telegram.api_base, token) as api:
        try:
            me: dict[str, Any] = await api.call("getMe")
        except TelegramError as e:
            why = "Telegram refused the token (401 Unauthorized)" if e.status == 401 else str(e)
            checks.check(False, "token works", f"{why}; chats not checked")
            return
        privacy_off = bool(me.get("can_read_all_group_messages"))
        checks.check(True, "token works", f"the bot is @{me.get('username')} (id {me.get('id')}), "
                                          f"privacy mode {'off' if privacy_off else 'on'}")
        if not chats:
            checks.check(False, "chats configured", "no group chat is listed in [[communities.compounds]] chats, "
                                                    "and the bot acts only in listed chats")
        for chat_id, compound in chats:
            await _chat(api, int(me["id"]), privacy_off, chat_id, compound, checks)


async def _chat(
    api: BotApiClient, bot_id: int, privacy_off: bool, chat_id: int, compound: str, checks: Checklist
) -> None:
    name = f"chat {chat_id} ({compound})"
    try:
        chat: dict[str, Any] = await api.call("getChat", chat_id=chat_id)
        member: dict[str, Any] = await api.call("getChatMember", chat_id=chat_id, user_id=bot_id)
    except TelegramError as e:
        checks.check(False, f"{name} reachable", f"{e}: add the bot to the group, and check the chat id")
        return
    status = str(member.get("status"))
    if not checks.check(status not in NOT_IN, f"{name} reachable",
                        f"\"{chat.get('title', '')}\" ({chat.get('type')}), the bot's status is {status}"
                        + (": add the bot to the group" if status in NOT_IN else "")):
        return
    if status in READS_ALL:
        checks.check(True, f"{name} reads every message",
                     "the bot is an administrator" if status == "administrator" else "the bot owns the group")
    elif privacy_off:
        checks.check(True, f"{name} reads every message", "privacy mode is off")
    else:
        checks.check(False, f"{name} reads every message",
                     f"privacy mode is on and the bot is not an administrator, so it sees only commands: {FIX_PRIVACY}")


def _no_sqlite_file(url: str) -> bool:
    # Opening a missing SQLite file would create it: a doctor changes nothing.
    database = make_url(url).database or ""
    return is_sqlite(url) and database not in ("", ":memory:") and not os.path.exists(database)


async def _database(config: Config, checks: Checklist) -> None:
    url = config.database.url
    shown = make_url(url).render_as_string(hide_password=True)
    if _no_sqlite_file(url):
        checks.check(False, "database reachable", f"{shown}: no such file yet (`jinlin db upgrade` or `jinlin run` "
                                                  "creates it)")
        return
    engine = create_engine(url)
    try:
        await asyncio.wait_for(ping(engine), 10)
    except Exception as e:
        checks.check(False, "database reachable", f"{shown}: {type(e).__name__}: {str(e).splitlines()[0][:200]}")
        return
    finally:
        await engine.dispose()
    checks.check(True, "database reachable", shown)
    at, newest = await current(url), head()
    checks.check(at == newest, "migrations current",
                 f"at {newest}" if at == newest else
                 f"at {at or 'none'}, the code needs {newest}: `jinlin db upgrade --config FILE` (or `jinlin run`)")
