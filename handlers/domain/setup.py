"""`/setup`'s buttons: community → compound → buildings, the whole state in the callback_data.

"u:<step>:<community key>:<compound key or ->:<buildings mask>" (hex), like the guided sign-up
(handlers/domain/sign_up.py): no session table, a replay redraws the same screen, and forged data
still meets the secretary check before anything is bound.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from handlers.domain.grid import Community, Compound, Grid

PREFIX = "u"
MAX_BUILDING_BUTTONS = 40  # bits of the mask; a compound with more is bound by typing its buildings

_DATA = re.compile(r"u:([cbd]):([0-9a-f]{6}):([0-9a-f]{6}|-):([0-9a-f]{1,10})")


@dataclass(frozen=True, slots=True)
class SetupState:
    community: Community
    compound: Compound | None
    buildings: int  # bit i: compound.buildings[i] is covered by this chat


def key(name: str) -> str:
    return f"{zlib.crc32(name.encode()) & 0xFFFFFF:06x}"


def ref_of(chat_id: int) -> str:
    return f"setup:{chat_id}"


def encode(step: str, state: SetupState) -> str:
    compound = key(state.compound.name) if state.compound else "-"
    return f"{PREFIX}:{step}:{key(state.community.name)}:{compound}:{state.buildings:x}"


def decode(grid: Grid, data: str) -> tuple[str, SetupState] | None:
    found = _DATA.fullmatch(data)
    if found is None:
        return None
    step, community_key, compound_key, mask = found.groups()
    communities = [c for c in grid.communities if key(c.name) == community_key]
    if len(communities) != 1:
        return None
    community = communities[0]
    if compound_key == "-":
        return (step, SetupState(community, None, 0)) if step == "c" else None
    compounds = [c for c in community.compounds if key(c.name) == compound_key]
    if len(compounds) != 1 or int(mask, 16) >> len(compounds[0].buildings):
        return None
    return step, SetupState(community, compounds[0], int(mask, 16))


def chosen(state: SetupState) -> tuple[str, ...]:
    """The buildings the mask picks; none picked means the whole compound."""
    if state.compound is None:
        return ()
    picked = tuple(b for i, b in enumerate(state.compound.buildings) if state.buildings & (1 << i))
    return picked or state.compound.buildings
