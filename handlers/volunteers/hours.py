"""When a volunteer can be called: `/hours` (daily windows), `/quiet` (quiet hours), `/load`
(most requests held at once). For everything the guided sign-up's buttons cannot say."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import time

from handlers.chat import Outcome
from handlers.commands import SetHours, SetLoad, SetQuiet, Slash
from handlers.context import Context
from handlers.domain import HourWindow, Volunteer
from handlers.ports import UnitOfWork

MAX_WINDOWS = 6
MAX_LOAD = 5
_ANY = frozenset({"any", "anytime", "always", "随时", "全天", "任何时间"})
OFF_WORDS = frozenset({"off", "none", "no", "关", "关闭", "无", "不要"})
_WINDOW = re.compile(r"(\d{1,2})(?:[:：](\d{2}))?\s*[-–~～到至]\s*(\d{1,2})(?:[:：](\d{2}))?")
_SEPARATORS = re.compile(r"[,，、;；\s]+")


def _clock(hour: str, minute: str | None) -> time | None:
    h, m = int(hour), int(minute or 0)
    if h == 24 and m == 0:
        return time(0)  # "18:00-24:00": up to midnight
    return time(h, m) if h < 24 and m < 60 else None


def parse_window(text: str) -> HourWindow | None:
    """"18:00-22:00", "18-22", "22:00～07:00" (wraps past midnight) → a window; None if malformed or empty."""
    found = _WINDOW.fullmatch(text.strip())
    if found is None:
        return None
    start, end = _clock(found[1], found[2]), _clock(found[3], found[4])
    if start is None or end is None or start == end:
        return None
    return HourWindow(start, end)


def format_window(window: HourWindow) -> str:
    return f"{window.start:%H:%M}–{window.end:%H:%M}"


async def volunteer_of(uow: UnitOfWork, command: Slash) -> Volunteer | None:
    return await uow.volunteers.get(command.sender.user_id)


async def hours(ctx: Context, uow: UnitOfWork, command: SetHours) -> Outcome:
    pieces = [p for p in _SEPARATORS.split(command.call.payload) if p]
    if not pieces or len(pieces) > MAX_WINDOWS:
        return ctx.say("hours_usage")
    windows: tuple[HourWindow, ...] = ()
    if not (len(pieces) == 1 and pieces[0].lower() in _ANY):
        parsed = [parse_window(p) for p in pieces]
        if any(w is None for w in parsed):
            return ctx.say("hours_usage")
        windows = tuple(dict.fromkeys(w for w in parsed if w is not None))
    volunteer = await volunteer_of(uow, command)
    if volunteer is None:
        return ctx.say("volunteer_unknown")
    await uow.volunteers.save(replace(volunteer, hours=windows))
    if not windows:
        return ctx.say("hours_any_ok")
    return ctx.say("hours_ok", hours=", ".join(format_window(w) for w in windows))


async def quiet(ctx: Context, uow: UnitOfWork, command: SetQuiet) -> Outcome:
    word = command.call.payload.strip()
    off = word.lower() in OFF_WORDS
    window = None if off else parse_window(word)
    if not off and window is None:
        return ctx.say("quiet_usage")
    volunteer = await volunteer_of(uow, command)
    if volunteer is None:
        return ctx.say("volunteer_unknown")
    await uow.volunteers.save(replace(volunteer, quiet=window))
    if window is None:
        return ctx.say("quiet_off_ok")
    return ctx.say("quiet_ok", quiet=format_window(window))


async def load(ctx: Context, uow: UnitOfWork, command: SetLoad) -> Outcome:
    args = command.call.args
    arg = args[0] if len(args) == 1 else ""
    if not (arg.isascii() and arg.isdigit() and 1 <= int(arg) <= MAX_LOAD):
        return ctx.say("load_usage", most=MAX_LOAD)
    volunteer = await volunteer_of(uow, command)
    if volunteer is None:
        return ctx.say("volunteer_unknown")
    await uow.volunteers.save(replace(volunteer, max_open_claims=int(arg)))
    return ctx.say("load_ok", n=int(arg))
