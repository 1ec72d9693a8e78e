"""Who may use a secretary command, about which communities, and how an answer naming people is
given: in private as it is; from a group, privately to the secretary, with a word in the group."""

from __future__ import annotations

from handlers.chat import Outcome, Tell
from handlers.commands import Slash
from handlers.context import Context
from handlers.desk.access import scope_of_message
from handlers.domain import Community
from handlers.ports import UnitOfWork

MAX_ID_DIGITS = 15  # Telegram user ids fit in 52 bits


def secretary_of(ctx: Context, command: Slash) -> list[Community]:
    """The communities this secretary command speaks about: in a group, the group's own (if the
    sender is its secretary); in private, every community the sender is a secretary of. The rule is
    the desk's (`access.scope_of`); this gives the communities themselves."""
    grid = ctx.policy.grid
    scope = scope_of_message(grid, command.message)
    found = (grid.community(name) for name in (scope.communities if scope else ()))
    return [community for community in found if community is not None]


async def privately(
    ctx: Context, uow: UnitOfWork, command: Slash, name: str, text: str, detail: dict[str, object] | None = None
) -> Outcome:
    """Answer with `text`, which may name people: never into a group."""
    detail = detail or {}
    if command.in_private:
        return Outcome(name, detail=detail, answer=text)
    person = await uow.people.get(command.sender.user_id)
    if person is None or not person.started_bot:
        return Outcome(name, detail={**detail, "private": False}, answer=ctx.texts.text("desk_start_me_first"))
    tell = Tell((command.sender.user_id,), text)
    return Outcome(name, detail={**detail, "private": True}, answer=ctx.texts.text("desk_sent_privately"), tell=(tell,))


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
