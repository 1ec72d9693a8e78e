"""The private guided registration: building → skills → hours, one private message edited in place.

There is no session table: every button carries the whole state of the flow in its callback_data,
"v:<step>:<compound key>:<skills mask>:<hours bits>:<building>" (hex numbers, building last so it
may hold any character). A press is therefore a pure function of its data and of who pressed:
a double tap or a replay redraws the same screen, a restart loses nothing, and forged data can at
worst change the presser's own profile, after the same checks a typed /volunteer gets.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, replace
from datetime import time

from handlers.chat import AnswerButton, Button, ButtonPress, ChatMessage, Edit, Keyboard, Outcome, Send
from handlers.context import Context
from handlers.domain import DEFAULT_QUIET, Compound, Grid, HourWindow, Volunteer
from handlers.ports import UnitOfWork

PREFIX = "v"
MAX_DATA_BYTES = 64  # Telegram's limit on callback_data
MAX_BUILDING_BUTTONS = 24  # more than this is a wall of buttons on a phone: ask them to type instead
CHECK = "✓ "

# Bit i of the skills mask is SKILLS[i]. Old buttons stay in chats for ever, so append new
# skills at the end and never reorder (tests check this covers every skill label).
SKILLS: tuple[str, ...] = (
    "doctor", "nurse", "firstaid", "electrician", "plumber", "handyman", "lawyer", "cook", "driver",
    "tech", "teacher", "mover", "pets", "errands", "carer", "counsellor", "translator",
)
SKILL_BITS = (1 << len(SKILLS)) - 1

# Hour presets, bit i ↔ HOUR_PRESETS[i]; no preset chosen means "any time". Windows are daily
# (HourWindow has no weekdays), so there is no "weekends" preset.
HOUR_PRESETS: tuple[tuple[str, HourWindow], ...] = (
    ("reg_hours_morning", HourWindow(time(7), time(9))),
    ("reg_hours_day", HourWindow(time(9), time(18))),
    ("reg_hours_evening", HourWindow(time(18), time(22))),
)
QUIET_OFF = 1 << len(HOUR_PRESETS)
HOUR_BITS = (1 << len(HOUR_PRESETS)) - 1

_DATA = re.compile(r"v:([shd]):([0-9a-f]{6}):([0-9a-f]{1,5}):([0-9a-f]):(.+)")


@dataclass(frozen=True, slots=True)
class State:
    compound: Compound
    building: str
    skills: int
    hours: int  # preset bits | QUIET_OFF


def ref_of(user_id: int) -> str:
    return f"reg:{user_id}"


def compound_key(compound: Compound) -> str:
    """Six hex digits naming a compound: stable across config reorderings, short enough for 64 bytes."""
    return f"{zlib.crc32(f'{compound.community}/{compound.name}'.encode()) & 0xFFFFFF:06x}"


def encode(step: str, state: State) -> str:
    key = compound_key(state.compound)
    return f"{PREFIX}:{step}:{key}:{state.skills:x}:{state.hours:x}:{state.building}"


def fits(compound: Compound, building: str) -> bool:
    """Whether every button of the flow can name this building within Telegram's 64 bytes."""
    fullest = State(compound, building, SKILL_BITS, 0xF)
    return len(encode("d", fullest).encode()) <= MAX_DATA_BYTES


def decode(grid: Grid, data: str) -> tuple[str, State] | None:
    """The step and state a button names; None for anything we would not have produced."""
    found = _DATA.fullmatch(data) if len(data.encode()) <= MAX_DATA_BYTES else None
    if found is None:
        return None
    step, key, skills, hours, building = found.groups()
    homes = [
        c for community in grid.communities for c in community.compounds
        if compound_key(c) == key and building in c.buildings
    ]
    mask = int(skills, 16)
    if len(homes) != 1 or mask > SKILL_BITS:  # a hash collision is refused rather than guessed
        return None
    return step, State(homes[0], building, mask, int(hours, 16))


def state_of(volunteer: Volunteer | None, compound: Compound, building: str) -> State:
    """The flow's starting state: what the volunteer has now, as far as buttons can say it."""
    if volunteer is None:
        return State(compound, building, 0, 0)
    skills = sum(1 << i for i, tag in enumerate(SKILLS) if tag in volunteer.skills)
    hours = sum(1 << i for i, (_, window) in enumerate(HOUR_PRESETS) if window in volunteer.hours)
    return State(compound, building, skills, hours | (QUIET_OFF if volunteer.quiet is None else 0))


# --- entry points ---------------------------------------------------------------------------


async def begin(ctx: Context, uow: UnitOfWork, message: ChatMessage) -> Outcome:
    """`/start volunteer` in private: step 1, the building."""
    user_id = message.sender.user_id
    existing = await uow.volunteers.get(user_id)
    person = await uow.people.get(user_id)
    grid = ctx.policy.grid
    own = None
    if existing is not None:
        own = grid.compound(existing.community, existing.compound)
    elif person is not None and person.home_community and person.home_compound:
        own = grid.compound(person.home_community, person.home_compound)
    candidates = [own] if own else [c for community in grid.communities for c in community.compounds]
    text, keyboard = _building_view(ctx, candidates, existing, several=own is None)
    await uow.outbox.add(Send(user_id, text, keyboard, ref=ref_of(user_id)))
    return Outcome("registration_started", detail={"buttons": sum(len(row) for row in keyboard)})


async def continue_with_skills(ctx: Context, uow: UnitOfWork, volunteer: Volunteer) -> bool:
    """After a typed `/volunteer <building>` in private: carry on with the skill buttons."""
    compound = ctx.policy.grid.compound(volunteer.community, volunteer.compound)
    if compound is None or not fits(compound, volunteer.building):
        return False
    text, keyboard = _skills_view(ctx, state_of(volunteer, compound, volunteer.building))
    await uow.outbox.add(Send(volunteer.user_id, text, keyboard, ref=ref_of(volunteer.user_id)))
    return True


async def press(ctx: Context, uow: UnitOfWork, event: ButtonPress) -> Outcome:
    user_id = event.sender.user_id
    parsed = decode(ctx.policy.grid, event.data)
    # Only ever pressed in the presser's own private chat: anything else was not made by us.
    if parsed is None or event.chat_id != user_id:
        await uow.outbox.add(AnswerButton(event.callback_id, ctx.texts.text("reg_expired")))
        return Outcome("registration_refused")
    step, state = parsed
    await uow.people.seen(user_id, event.sender.name, event.sender.username, started_bot=True)
    if step == "d":
        volunteer = await _save(ctx, uow, event, state)
        text = ctx.texts.text("reg_saved") + "\n\n" + ctx.texts.profile(volunteer, None)
        await _show(ctx, uow, event, text, (), toast=ctx.texts.text("reg_saved_toast"))
        return Outcome("volunteer_registered", detail={"skills": sorted(volunteer.skills), "via": "buttons"})
    text, keyboard = _skills_view(ctx, state) if step == "s" else _hours_view(ctx, state)
    await _show(ctx, uow, event, text, keyboard)
    return Outcome("registration_step", detail={"step": step})


async def _show(
    ctx: Context, uow: UnitOfWork, event: ButtonPress, text: str, keyboard: Keyboard, toast: str | None = None
) -> None:
    user_id = event.sender.user_id
    await uow.outbox.add(Edit(user_id, ref_of(user_id), text, keyboard))
    await uow.outbox.add(AnswerButton(event.callback_id, toast))


async def _save(ctx: Context, uow: UnitOfWork, event: ButtonPress, state: State) -> Volunteer:
    sender = event.sender
    existing = await uow.volunteers.get(sender.user_id)
    compound = state.compound
    base = existing or Volunteer(sender.user_id, sender.name, state.building, compound.name, compound.community)
    hours = tuple(window for i, (_, window) in enumerate(HOUR_PRESETS) if state.hours & (1 << i))
    # Keep a quiet window typed with /quiet; "on" only restores the default when there was none.
    quiet = None if state.hours & QUIET_OFF else (base.quiet or DEFAULT_QUIET)
    volunteer = replace(
        base,
        name=sender.name,
        building=state.building,
        compound=compound.name,
        community=compound.community,
        skills=frozenset(tag for i, tag in enumerate(SKILLS) if state.skills & (1 << i)),
        hours=hours,
        quiet=quiet,
        started_bot=True,
        registered_at=base.registered_at or ctx.clock.now(),
    )
    await uow.volunteers.save(volunteer)
    await uow.people.set_home(sender.user_id, state.building, compound.name, compound.community)
    return volunteer


# --- the three screens -----------------------------------------------------------------------


def _rows(buttons: list[Button], per_row: int) -> Keyboard:
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))


def _building_view(
    ctx: Context, candidates: list[Compound], existing: Volunteer | None, *, several: bool
) -> tuple[str, Keyboard]:
    buttons: list[Button] = []
    too_long = False
    for compound in candidates:
        for building in compound.buildings:
            too_long = too_long or not fits(compound, building)
            state = state_of(existing, compound, building)
            label = f"{compound.name} {building}" if several else building
            mine = existing is not None and (existing.compound, existing.building) == (compound.name, building)
            buttons.append(Button((CHECK if mine else "") + label, encode("s", state)))
    if 0 < len(buttons) <= MAX_BUILDING_BUTTONS and not too_long:
        return ctx.texts.text("reg_building"), _rows(buttons, 2 if several else 4)
    # Too many to show: they type /volunteer <building>, which continues with the skill buttons.
    keep: Keyboard = ()
    if existing is not None:
        own = next((c for c in candidates if c.name == existing.compound), None)
        if own is not None and existing.building in own.buildings and fits(own, existing.building):
            label = ctx.texts.text("reg_keep", building=existing.building)
            keep = ((Button(label, encode("s", state_of(existing, own, existing.building))),),)
    return ctx.texts.text("reg_building_type"), keep


def _skills_view(ctx: Context, state: State) -> tuple[str, Keyboard]:
    buttons = []
    for i, tag in enumerate(SKILLS):
        on = bool(state.skills & (1 << i))
        toggled = replace(state, skills=state.skills ^ (1 << i))
        buttons.append(Button((CHECK if on else "") + ctx.texts.text("reg_skill", tag=tag), encode("s", toggled)))
    nav = (Button(ctx.texts.text("reg_next"), encode("h", state)),)
    text = ctx.texts.text("reg_skills", building=state.building, compound=state.compound.name)
    return text, (*_rows(buttons, 3), nav)


def _hours_view(ctx: Context, state: State) -> tuple[str, Keyboard]:
    chosen = state.hours & HOUR_BITS

    def toggle(label: str, on: bool, hours: int) -> tuple[Button, ...]:
        return (Button((CHECK if on else "") + label, encode("h", replace(state, hours=hours))),)

    rows = [toggle(ctx.texts.text("reg_hours_any"), not chosen, state.hours & ~HOUR_BITS)]
    for i, (key, _) in enumerate(HOUR_PRESETS):
        rows.append(toggle(ctx.texts.text(key), bool(chosen & (1 << i)), state.hours ^ (1 << i)))
    quiet_key = "reg_quiet_off" if state.hours & QUIET_OFF else "reg_quiet_on"
    rows.append(toggle(ctx.texts.text(quiet_key), False, state.hours ^ QUIET_OFF))
    rows.append(
        (Button(ctx.texts.text("reg_back"), encode("s", state)), Button(ctx.texts.text("reg_done"), encode("d", state)))
    )
    return ctx.texts.text("reg_hours", building=state.building), tuple(rows)
