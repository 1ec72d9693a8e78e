"""A volunteer's own profile by command: /me, /hours, /quiet, /load, /serve and a secretary's /vet.

The guided flow (handlers/registration.py) covers the common choices with buttons; these commands
are for everything buttons cannot say (any hour window, a custom quiet time) and for group chats.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import time, timedelta
from typing import TYPE_CHECKING

from handlers.chat import ChatMessage, Outcome, Send
from handlers.context import Context
from handlers.domain import HourWindow, Volunteer
from handlers.ports import UnitOfWork

if TYPE_CHECKING:
    from handlers.commands import CommandCall

MAX_WINDOWS = 6
MAX_LOAD = 5
MAX_ALSO_SERVES = 5
MAX_CLAIMS_SHOWN = 20
_ANY = frozenset({"any", "anytime", "always", "随时", "全天", "任何时间"})
_OFF = frozenset({"off", "none", "no", "关", "关闭", "无", "不要"})
_WINDOW = re.compile(r"(\d{1,2})(?:[:：](\d{2}))?\s*[-–~～到至]\s*(\d{1,2})(?:[:：](\d{2}))?")
_SEPARATORS = re.compile(r"[,，、;；\s]+")


async def _say(ctx: Context, uow: UnitOfWork, message: ChatMessage, key: str, **values: object) -> Outcome:
    await uow.outbox.add(
        Send(message.chat_id, ctx.texts.text(key, **values), reply_to_message_id=message.message_id)
    )
    return Outcome("usage" if key.endswith("_usage") else key)


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


async def _volunteer_or_say(ctx: Context, uow: UnitOfWork, message: ChatMessage) -> Volunteer | None:
    found = await uow.volunteers.get(message.sender.user_id)
    if found is None:
        await _say(ctx, uow, message, "volunteer_unknown")
    return found


async def me(ctx: Context, uow: UnitOfWork, message: ChatMessage, call: CommandCall) -> Outcome:
    volunteer = await uow.volunteers.get(message.sender.user_id)
    if volunteer is None:
        return await _say(ctx, uow, message, "volunteer_unknown")
    since = ctx.clock.now() - timedelta(days=365)  # not .replace(year=…): there is no 29 February every year
    record = (await uow.volunteers.records([volunteer.user_id], since)).get(volunteer.user_id)
    held = await uow.requests.claimed_by(volunteer.user_id)
    lines = [ctx.texts.profile(volunteer, record)]
    if held:
        lines.append(ctx.texts.text("me_claims", count=len(held)))
        lines += [ctx.texts.text("me_claim", id=r.id, building=r.building or "") for r in held[:MAX_CLAIMS_SHOWN]]
    await uow.outbox.add(Send(message.chat_id, "\n".join(lines), reply_to_message_id=message.message_id))
    return Outcome("profile", detail={"claims": [r.id for r in held]})


async def hours(ctx: Context, uow: UnitOfWork, message: ChatMessage, call: CommandCall) -> Outcome:
    pieces = [p for p in _SEPARATORS.split(call.payload) if p]
    if not pieces or len(pieces) > MAX_WINDOWS:
        return await _say(ctx, uow, message, "hours_usage")
    windows: tuple[HourWindow, ...] = ()
    if not (len(pieces) == 1 and pieces[0].lower() in _ANY):
        parsed = [parse_window(p) for p in pieces]
        if any(w is None for w in parsed):
            return await _say(ctx, uow, message, "hours_usage")
        windows = tuple(dict.fromkeys(w for w in parsed if w is not None))
    volunteer = await _volunteer_or_say(ctx, uow, message)
    if volunteer is None:
        return Outcome("volunteer_unknown")
    await uow.volunteers.save(replace(volunteer, hours=windows))
    if not windows:
        return await _say(ctx, uow, message, "hours_any_ok")
    return await _say(ctx, uow, message, "hours_ok", hours=", ".join(format_window(w) for w in windows))


async def quiet(ctx: Context, uow: UnitOfWork, message: ChatMessage, call: CommandCall) -> Outcome:
    word = call.payload.strip()
    off = word.lower() in _OFF
    window = None if off else parse_window(word)
    if not off and window is None:
        return await _say(ctx, uow, message, "quiet_usage")
    volunteer = await _volunteer_or_say(ctx, uow, message)
    if volunteer is None:
        return Outcome("volunteer_unknown")
    await uow.volunteers.save(replace(volunteer, quiet=window))
    if window is None:
        return await _say(ctx, uow, message, "quiet_off_ok")
    return await _say(ctx, uow, message, "quiet_ok", quiet=format_window(window))


async def load(ctx: Context, uow: UnitOfWork, message: ChatMessage, call: CommandCall) -> Outcome:
    arg = call.args[0] if len(call.args) == 1 else ""
    if not (arg.isascii() and arg.isdigit() and 1 <= int(arg) <= MAX_LOAD):
        return await _say(ctx, uow, message, "load_usage", most=MAX_LOAD)
    volunteer = await _volunteer_or_say(ctx, uow, message)
    if volunteer is None:
        return Outcome("volunteer_unknown")
    await uow.volunteers.save(replace(volunteer, max_open_claims=int(arg)))
    return await _say(ctx, uow, message, "load_ok", n=int(arg))


async def serve(ctx: Context, uow: UnitOfWork, message: ChatMessage, call: CommandCall) -> Outcome:
    """双报到: "I also serve here", said in a group of the other community (`/serve off` undoes it)."""
    compound = None if message.is_private else ctx.policy.grid.compound_of_chat(message.chat_id)
    off = call.args[:1] in (("off",), ("stop",))
    if compound is None or len(call.args) > 1 or (call.args and not off):
        return await _say(ctx, uow, message, "serve_usage")
    volunteer = await _volunteer_or_say(ctx, uow, message)
    if volunteer is None:
        return Outcome("volunteer_unknown")
    here = compound.community
    if here == volunteer.community:
        return await _say(ctx, uow, message, "serve_home", community=here)
    if off:
        await uow.volunteers.save(replace(volunteer, also_serves=tuple(c for c in volunteer.also_serves if c != here)))
        return await _say(ctx, uow, message, "serve_off_ok", community=here)
    if here not in volunteer.also_serves:
        if len(volunteer.also_serves) >= MAX_ALSO_SERVES:
            return await _say(ctx, uow, message, "serve_too_many", most=MAX_ALSO_SERVES)
        await uow.volunteers.save(replace(volunteer, also_serves=(*volunteer.also_serves, here)))
    return await _say(ctx, uow, message, "serve_ok", community=here)


async def vet(ctx: Context, uow: UnitOfWork, message: ChatMessage, call: CommandCall) -> Outcome:
    """`/vet <user_id>` · `/vet off <user_id>`: a secretary of the volunteer's own community vouches."""
    args = [a.lower() for a in call.args]
    off = args[:1] == ["off"]
    target = args[1:] if off else args
    if len(target) != 1 or not (target[0].isascii() and target[0].isdigit()) or len(target[0]) > 15:
        return await _say(ctx, uow, message, "vet_usage")
    grid = ctx.policy.grid
    sender = message.sender.user_id
    # Say nothing about who is registered to someone who could not vet anyone anyway.
    if not grid.is_secretary(sender):
        return await _say(ctx, uow, message, "vet_refused")
    volunteer = await uow.volunteers.get(int(target[0]))
    if volunteer is None:
        return await _say(ctx, uow, message, "vet_unknown", user_id=int(target[0]))
    if not grid.is_secretary(sender, volunteer.community):
        return await _say(ctx, uow, message, "vet_refused")
    await uow.volunteers.save(replace(volunteer, vetted=not off))
    return await _say(ctx, uow, message, "unvet_ok" if off else "vet_ok", name=volunteer.name)
