"""Who may use the desk, and what they see: a secretary's own communities, or one group's compound."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.chat import ChatMessage
from handlers.domain import Compound, Grid


@dataclass(frozen=True, slots=True)
class Scope:
    communities: tuple[str, ...]
    compound: Compound | None  # asked in this compound's group
    chats: tuple[int, ...]  # the group chats whose requests and offers are shown
    chat: int  # the group chat asked in; 0: everything the secretary keeps (in private)

    @property
    def place(self) -> str:
        return self.compound.name if self.compound else ""


def scope_of(grid: Grid, user_id: int, chat: int) -> Scope | None:
    """What `user_id` may see from `chat` (0: their private chat); None if they are no secretary there.

    Roles are `grid.is_secretary`'s, so a secretary added another way is one here too."""
    if chat:
        compound = grid.compound_of_chat(chat)
        if compound is None or not grid.is_secretary(user_id, compound.community):
            return None
        return Scope((compound.community,), compound, compound.chats, chat)
    mine = tuple(c for c in grid.communities if grid.is_secretary(user_id, c.name))
    if not mine:
        return None
    chats = tuple(chat for c in mine for compound in c.compounds for chat in compound.chats)
    return Scope(tuple(c.name for c in mine), None, chats, 0)


def scope_of_message(grid: Grid, message: ChatMessage) -> Scope | None:
    return scope_of(grid, message.sender.user_id, 0 if message.is_private else message.chat_id)
