"""What the keyword tables signal about a message, for the model and the safety rules.

The tables once decided the kind and category themselves; the learned model does that now.
What stays are the flags (danger, now, a story, the owner alone, a withdrawal, the speaker's
home, a fault, a building marker) and the emergency words that fired; the hits themselves
become the reading's cues (reading.py), so a reading can be traced.
"""

from __future__ import annotations

from typing import NamedTuple

from handlers.understanding.matcher import BUILDING_SLOT, EMERGENCY_SLOT, FLAG_NAMES, STORY_SLOT, Hit

_EMERGENCY = 1 << EMERGENCY_SLOT
_STORY = 1 << STORY_SLOT
_BUILDING = 1 << BUILDING_SLOT
# The flag letters of every combination of the flag bits (matcher.Entry.fired >> EMERGENCY_SLOT),
# in slot order: a message's flags are one look-up, not a loop over the slots.
_FLAG_SLOTS = sorted(FLAG_NAMES)
assert list(range(EMERGENCY_SLOT, EMERGENCY_SLOT + len(_FLAG_SLOTS))) == _FLAG_SLOTS, "flag slots are contiguous"
FLAG_COMBINATIONS = tuple(
    "".join(FLAG_NAMES[slot] for i, slot in enumerate(_FLAG_SLOTS) if bits >> i & 1)
    for bits in range(1 << len(_FLAG_SLOTS))
)


class Signals(NamedTuple):
    emergency: bool  # an emergency keyword fired, and the message is not a story about the past
    names_building: bool  # a building marker was seen, so the building regex is worth running
    emergency_words: tuple[str, ...]  # the emergency keywords that fired, when `emergency`
    flags: str  # the flags with a hit, one letter each (matcher.FLAG_NAMES): "EU", "SN"...


def signals(hits: list[Hit]) -> Signals:
    fired = 0
    for hit in hits:
        fired |= hit.entry.fired
    emergency = fired & (_EMERGENCY | _STORY) == _EMERGENCY
    words = (
        tuple(h.entry.cue.partition(":")[2] for h in hits if any(s == EMERGENCY_SLOT for s, _ in h.entry.effects))
        if emergency
        else ()
    )
    flags = FLAG_COMBINATIONS[fired >> EMERGENCY_SLOT]
    # tuple.__new__, not Signals(...): a NamedTuple's own __new__ is a Python function.
    return tuple.__new__(Signals, (emergency, bool(fired & _BUILDING), words, flags))
