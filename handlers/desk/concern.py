"""`/concern N` shows one concern's entry (with its buttons); `/concern N status S`,
`owner me|@user|id`, `note TEXT`, `outcome TEXT` change it (read into the command:
handlers/commands/slash_desk.py). Secretaries of its community only."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import EditConcern
from handlers.commands.slash_desk import NewOwner, NewStatus, ShowEntry, Written
from handlers.context import Context
from handlers.desk.changes import Changed, entry_keyboard, set_owner, set_status, write
from handlers.desk.show import privately, token_of
from handlers.domain.concerns import Matter
from handlers.ports import UnitOfWork


async def edit_concern(ctx: Context, uow: UnitOfWork, command: EditConcern) -> Outcome:
    if not ctx.policy.grid.is_secretary(command.sender.user_id):
        return ctx.say("desk_refused")
    matter = await uow.concern_book.get(command.matter_id)
    if matter is None or not ctx.policy.grid.is_secretary(command.sender.user_id, matter.community):
        # Say nothing of other communities' concerns.
        return ctx.say("concern_unknown", id=command.matter_id)
    changed = await _change(ctx, uow, command, matter)
    if isinstance(changed, Outcome):
        return changed
    text = ctx.texts.concern_entry(changed.matter)
    keyboard = entry_keyboard(ctx, changed.matter, token_of(command))
    name = "concern_shown" if isinstance(command.change, ShowEntry) else "concern_changed"
    shown = await privately(ctx, uow, command, name, text, keyboard, {"matter_id": matter.id})
    return shown.preceded_by(changed.told)


async def _change(ctx: Context, uow: UnitOfWork, command: EditConcern, matter: Matter) -> Changed | Outcome:
    change, actor = command.change, command.sender.user_id
    if isinstance(change, Written):
        return await write(ctx, uow, matter, change.kind, change.text, actor)
    if isinstance(change, NewStatus):
        return await set_status(ctx, uow, matter, change.to, actor)
    if isinstance(change, NewOwner):
        owner = await _owner(ctx, uow, command, change.who)
        if owner is None:
            return ctx.say("concern_owner_unknown", who=change.who)
        return await set_owner(ctx, uow, matter, owner[0], owner[1], actor)
    return Changed(matter)


async def _owner(ctx: Context, uow: UnitOfWork, command: EditConcern, who: str) -> tuple[int, str] | None:
    """"me", "@username" (someone the bot has seen) or a user id (named if the bot knows them)."""
    if who.lower() in ("me", "我"):
        return command.sender.user_id, command.sender.name
    if who.startswith("@") and len(who) > 1:
        person = await uow.people.by_username(who[1:])
        return None if person is None else (person.user_id, person.name or who)
    if who.isascii() and who.isdigit() and len(who) <= 15:
        person, volunteer = await uow.people.get(int(who)), await uow.volunteers.get(int(who))
        return int(who), (person.name if person else "") or (volunteer.name if volunteer else "") or who
    return None
