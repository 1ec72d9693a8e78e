"""Where a building typed after a command is, for the person typing it in this chat."""

from __future__ import annotations

from handlers.chat import ChatMessage
from handlers.context import Context
from handlers.domain import Compound, Place, Volunteer
from handlers.ports import UnitOfWork


def building_arg(ctx: Context, word: str) -> str:
    """A building as typed after a command: "198", "198号楼", "三号楼", "B座", "Bldg 7" all work,
    read by the same parser that reads requests; a bare id is taken as it is."""
    return ctx.read(word).building or word


def place_for(ctx: Context, message: ChatMessage, building: str, known: Place | None = None) -> Place | None:
    """Where `building` is, for someone typing in this chat.

    In a group only the chat's own community counts (its own compound first): "3" typed in one
    community's group must never register someone in another community's building 3. In private
    the compound we already know for the person wins, then the first compound that has it.
    """
    grid = ctx.policy.grid
    if message.is_private:
        own = grid.compound(known.community, known.compound) if known else None
        if own is not None and building in own.buildings:
            return Place(own.community, own.name, building)
        return grid.place_of_building(building)
    chat_compound = grid.compound_of_chat(message.chat_id)
    community = grid.community(chat_compound.community) if chat_compound else None
    if chat_compound is None or community is None:
        return None
    compounds: list[Compound] = [chat_compound, *(c for c in community.compounds if c is not chat_compound)]
    found = next((c for c in compounds if building in c.buildings), None)
    return Place(found.community, found.name, building) if found else None


async def known_place(uow: UnitOfWork, user_id: int, volunteer: Volunteer | None) -> Place | None:
    if volunteer is not None:
        return Place(volunteer.community, volunteer.compound, volunteer.building)
    person = await uow.people.get(user_id)
    if person is None or not (person.home_community and person.home_compound):
        return None
    return Place(person.home_community, person.home_compound, person.home_building)


def known_buildings(ctx: Context, message: ChatMessage) -> str:
    compound = ctx.policy.grid.compound_of_chat(message.chat_id)
    buildings = compound.buildings if compound else ()
    return ", ".join(buildings[:30])
