"""The guided registration's state, as its buttons carry it: building, skills, hours.

There is no session table: every button carries the whole state of the flow in its callback_data,
"v:<step>:<compound key>:<skills mask>:<hours bits>:<building>" (hex numbers, building last so it
may hold any character). A press is therefore a pure function of its data and of who pressed:
a double tap or a replay redraws the same screen, a restart loses nothing, and forged data can at
worst change the presser's own profile, after the same checks a typed /volunteer gets.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import time

from handlers.domain.grid import Compound, Grid
from handlers.domain.people import HourWindow, Volunteer

PREFIX = "v"
MAX_DATA_BYTES = 64  # Telegram's limit on callback_data

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
