"""What secretaries add to the grid from Telegram: chats bound by `/setup`, secretaries added by
`/secretary add`. config.toml stays the source for what it lists; these only add to it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from handlers.domain.grid import Community, Compound, Grid


@dataclass(frozen=True, slots=True)
class ChatBinding:
    """A group chat bound to a compound (new or configured) and the buildings it covers."""

    chat_id: int
    community: str
    compound: str
    buildings: tuple[str, ...]
    bound_by: int
    bound_at: datetime


@dataclass(frozen=True, slots=True)
class AddedSecretary:
    community: str
    user_id: int
    added_by: int
    added_at: datetime


def merged(grid: Grid, bindings: Iterable[ChatBinding], secretaries: Iterable[AddedSecretary]) -> Grid:
    """The grid in effect: the configured one with the stored additions. A binding of a chat the
    config already lists, or of a community it does not, is ignored (config.toml wins)."""
    configured = {chat for community in grid.communities for compound in community.compounds for chat in compound.chats}
    communities = {c.name: c for c in grid.communities}
    for binding in bindings:
        community = communities.get(binding.community)
        if community is None or binding.chat_id in configured:
            continue
        configured.add(binding.chat_id)
        communities[community.name] = _with_chat(community, binding)
    for added in secretaries:
        community = communities.get(added.community)
        if community is not None and added.user_id not in community.secretaries:
            communities[community.name] = replace(community, secretaries=(*community.secretaries, added.user_id))
    return Grid(tuple(communities[c.name] for c in grid.communities))


def _with_chat(community: Community, binding: ChatBinding) -> Community:
    compounds = list(community.compounds)
    index = next((i for i, c in enumerate(compounds) if c.name == binding.compound), None)
    if index is None:
        compounds.append(Compound(binding.compound, community.name, binding.buildings, (binding.chat_id,)))
    else:
        old = compounds[index]
        more = tuple(b for b in binding.buildings if b not in old.buildings)
        compounds[index] = replace(old, buildings=(*old.buildings, *more), chats=(*old.chats, binding.chat_id))
    return replace(community, compounds=tuple(compounds))


def chat_for_building(grid: Grid, bindings: Iterable[ChatBinding], community: str, compound: str,
                      building: str) -> int | None:
    """The group a building's neighbours read: one bound to that building, else the compound's first."""
    for binding in bindings:
        ours = (binding.community, binding.compound) == (community, compound) and building in binding.buildings
        if ours and grid.compound_of_chat(binding.chat_id) is not None:
            return binding.chat_id
    found = grid.compound(community, compound)
    return found.chats[0] if found and found.chats else None
