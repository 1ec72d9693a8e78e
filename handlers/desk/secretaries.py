"""`/secretary` (who the secretaries of my communities are), `/secretary add <id|@user>` and
`/secretary remove <id|@user>`, for secretaries of that community. In private, a secretary of
several communities names the community after the person. Secretaries listed in config.toml stay
(config.toml is the source for what it lists); those added by command are stored."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import Secretaries
from handlers.context import Context
from handlers.desk.roles import person_of, secretary_of
from handlers.desk.show import privately
from handlers.domain import Community
from handlers.domain.bindings import AddedSecretary
from handlers.ports import UnitOfWork


async def secretaries(ctx: Context, uow: UnitOfWork, command: Secretaries) -> Outcome:
    mine = secretary_of(ctx, command)
    if not mine:
        return ctx.say("secretary_only", "refused")
    change = command.change
    if change is None:
        return await _list(ctx, uow, command, mine)
    community = _which(mine, change.community)
    if community is None:
        return ctx.say("secretary_which", communities=", ".join(c.name for c in mine))
    person = await person_of(uow, change.who)
    if person is None:
        return ctx.say("person_unknown", who=change.who)
    user_id, name = person
    if change.add:
        added = AddedSecretary(community.name, user_id, command.sender.user_id, ctx.clock.now())
        new = user_id not in community.secretaries and await uow.desk.add_secretary(added)
        key = "secretary_added" if new else "secretary_already"
        return await _changed(ctx, uow, command, key, new, name=name, community=community.name)
    if user_id == command.sender.user_id:
        return ctx.say("secretary_not_self")
    removed = await uow.desk.remove_secretary(community.name, user_id)
    if not removed and user_id in community.secretaries:
        return ctx.say("secretary_in_config", name=name)
    key = "secretary_removed" if removed else "secretary_not_one"
    return await _changed(ctx, uow, command, key, removed, name=name, community=community.name)


def _which(mine: list[Community], named: str) -> Community | None:
    if not named:
        return mine[0] if len(mine) == 1 else None
    return next((c for c in mine if c.name == named), None)


async def _changed(
    ctx: Context, uow: UnitOfWork, command: Secretaries, key: str, changed: bool, **values: object
) -> Outcome:
    """The answer names a person: privately. `grid_changed` has handlers/core.py merge the change."""
    return await privately(ctx, uow, command, key, ctx.texts.text(key, **values), detail={"grid_changed": changed})


async def _list(ctx: Context, uow: UnitOfWork, command: Secretaries, mine: list[Community]) -> Outcome:
    lines: list[str] = []
    for community in mine:
        lines.append(ctx.texts.text("secretary_list", community=community.name))
        for user_id in community.secretaries:
            person = await uow.people.get(user_id)
            lines.append(ctx.texts.text("secretary_line", name=person.name if person else "", id=user_id))
    return await privately(ctx, uow, command, "secretaries_listed", "\n".join(lines))
