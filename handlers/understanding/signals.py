"""What the keyword tables signal about a message, for the model and the safety rules.

The tables once decided the kind and category themselves; the learned model does that now.
What stays are the flags (danger, now, a story, the owner alone, a withdrawal, the speaker's
home, a fault, a building marker), the emergency words that fired, and every keyword hit as a
cue, so a reading can be traced.
"""

from __future__ import annotations

from typing import NamedTuple

from handlers.understanding.matcher import BUILDING_SLOT, EMERGENCY_SLOT, FLAG_NAMES, STORY_SLOT, Hit


class Signals(NamedTuple):
    emergency: bool  # an emergency keyword fired, and the message is not a story about the past
    names_building: bool  # a building marker was seen, so the building regex is worth running
    cues: tuple[str, ...]  # every keyword hit, "request:帮忙"
    emergency_words: tuple[str, ...]  # the emergency keywords that fired, when `emergency`
    flags: str  # the flags with a hit, one letter each (matcher.FLAG_NAMES): "EU", "SN"...


def signals(hits: list[Hit]) -> Signals:
    fired = {slot for hit in hits for slot, weight in hit.entry.effects if weight > 0}
    emergency = EMERGENCY_SLOT in fired and STORY_SLOT not in fired
    words = (
        tuple(h.entry.cue.partition(":")[2] for h in hits if any(s == EMERGENCY_SLOT for s, _ in h.entry.effects))
        if emergency
        else ()
    )
    flags = "".join(name for slot, name in FLAG_NAMES.items() if slot in fired)
    return Signals(emergency, BUILDING_SLOT in fired, tuple(hit.entry.cue for hit in hits), words, flags)
