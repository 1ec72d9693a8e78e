"""The grid the operator configures: communities, their compounds, buildings and chats."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Compound:
    name: str
    community: str
    buildings: tuple[str, ...]
    chats: tuple[int, ...]
    # Optional coordinates (any planar unit) for "nearer buildings first".
    coordinates: dict[str, tuple[float, float]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Community:
    name: str
    secretaries: tuple[int, ...]
    compounds: tuple[Compound, ...]


@dataclass(frozen=True, slots=True)
class Place:
    """Where a building sits on the grid."""

    community: str
    compound: str
    building: str | None


@dataclass(frozen=True, slots=True)
class Grid:
    communities: tuple[Community, ...]

    def compound_of_chat(self, chat_id: int) -> Compound | None:
        for community in self.communities:
            for compound in community.compounds:
                if chat_id in compound.chats:
                    return compound
        return None

    def community(self, name: str) -> Community | None:
        return next((c for c in self.communities if c.name == name), None)

    def compound(self, community: str, name: str) -> Compound | None:
        found = self.community(community)
        if found is None:
            return None
        return next((c for c in found.compounds if c.name == name), None)

    def place_of_building(self, building: str, near_chat: int | None = None) -> Place | None:
        """The compound that holds `building`, preferring the chat's own compound.

        Building numbers repeat across compounds ("3" exists everywhere), so a chat's own compound wins.
        """
        if near_chat is not None:
            own = self.compound_of_chat(near_chat)
            if own is not None and building in own.buildings:
                return Place(own.community, own.name, building)
        for community in self.communities:
            for compound in community.compounds:
                if building in compound.buildings:
                    return Place(community.name, compound.name, building)
        return None

    def is_secretary(self, user_id: int, community: str | None = None) -> bool:
        return any(
            user_id in c.secretaries
            for c in self.communities
            if community is None or c.name == community
        )

    def secretaries_of(self, community: str) -> tuple[int, ...]:
        found = self.community(community)
        return found.secretaries if found else ()
