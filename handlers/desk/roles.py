"""Who is a secretary of what: the one rule every secretary command asks (the desk's lists, the
agenda, the rosters, /secretary, /report, /export).

In a group, a secretary of the group's community sees that community (and that compound); in
private, every community they are a secretary of. Roles are `grid.is_secretary`'s, so a secretary
added another way (/secretary) is one here too. How an answer that names people is then given
is handlers/desk/show.py's."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.chat import ChatMessage
from handlers.commands import Slash
from handlers.context import Context
from handlers.domain import Community, Compound, Grid
from handlers.ports import UnitOfWork

MAX_ID_DIGITS = 15  # Telegram user ids fit in 52 bits


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
    """What `user_id` may see from `chat` (0: their private chat); None if they are no secretary there."""
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


def secretary_communities(ctx: Context, message: ChatMessage) -> tuple[str, ...]:
    """The names of the communities the sender is a secretary of, seen from where they asked; empty:
    not a secretary (there)."""
    scope = scope_of_message(ctx.policy.grid, message)
    return scope.communities if scope else ()


def secretary_of(ctx: Context, command: Slash) -> list[Community]:
    """The communities themselves, for a secretary command."""
    grid = ctx.policy.grid
    found = (grid.community(name) for name in secretary_communities(ctx, command.message))
    return [community for community in found if community is not None]


async def person_of(uow: UnitOfWork, token: str) -> tuple[int, str] | None:
    """`1234567` or `@username` → (user id, name); an id nobody has seen is still an id. None:
    not a token of either shape, or an @username the bot has never seen."""
    if token.startswith("@") and len(token) > 1:
        person = await uow.people.by_username(token[1:])
        return None if person is None else (person.user_id, person.name or token)
    if token.isascii() and token.isdigit() and len(token) <= MAX_ID_DIGITS:
        user_id = int(token)
        person = await uow.people.get(user_id)
        return user_id, (person.name if person and person.name else str(user_id))
    return None
