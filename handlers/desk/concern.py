"""`/concern N` shows one concern's entry (with its buttons); `/concern N status S`,
`owner me|@user|id`, `note TEXT`, `outcome TEXT` change it. Secretaries of its community only."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import EditConcern
from handlers.context import Context
from handlers.desk.changes import Changed, entry_keyboard, set_owner, set_status, write
from handlers.desk.show import privately, token_of
from handlers.domain.concerns import ConcernStatus, Matter, MatterEventType
from handlers.ports import UnitOfWork

_WORDS = {MatterEventType.NOTE.value: MatterEventType.NOTE, MatterEventType.OUTCOME.value: MatterEventType.OUTCOME}
_STATUSES = {s.value: s for s in ConcernStatus} | {"inhand": ConcernStatus.IN_HAND, "in-hand": ConcernStatus.IN_HAND}
_STATUSES_SHOWN = ("tabled", "in_hand", "fixed", "declined", "raised")
_TEXT_LIMIT = 1000


async def edit_concern(ctx: Context, uow: UnitOfWork, command: EditConcern) -> Outcome:
    args = command.call.args
    if not args or not (args[0].lstrip("#").isascii() and args[0].lstrip("#").isdigit()) or len(args[0]) > 9:
        return ctx.say("concern_usage", statuses=" | ".join(_STATUSES_SHOWN))
    if not ctx.policy.grid.is_secretary(command.sender.user_id):
        return ctx.say("desk_refused")
    matter = await uow.concern_book.get(int(args[0].lstrip("#")))
    if matter is None or not ctx.policy.grid.is_secretary(command.sender.user_id, matter.community):
        # Say nothing of other communities' concerns.
        return ctx.say("concern_unknown", id=args[0].lstrip("#"))
    changed = await _change(ctx, uow, command, matter, args[1:])
    if isinstance(changed, Outcome):
        return changed
    text = ctx.texts.concern_entry(changed.matter)
    keyboard = entry_keyboard(ctx, changed.matter, token_of(command))
    name = "concern_shown" if len(args) == 1 else "concern_changed"
    shown = await privately(ctx, uow, command, name, text, keyboard, {"matter_id": matter.id})
    return shown.preceded_by(changed.told)


async def _change(
    ctx: Context, uow: UnitOfWork, command: EditConcern, matter: Matter, rest: tuple[str, ...]
) -> Changed | Outcome:
    if not rest:
        return Changed(matter)
    verb, actor = rest[0].lower(), command.sender.user_id
    if verb in _WORDS:
        text = command.call.payload.split(maxsplit=2)[2].strip() if len(rest) > 1 else ""
        if not text:
            return ctx.say("concern_usage", statuses=" | ".join(_STATUSES_SHOWN))
        return await write(ctx, uow, matter, _WORDS[verb], text[:_TEXT_LIMIT], actor)
    if verb == "status" and len(rest) == 2 and rest[1].lower() in _STATUSES:
        return await set_status(ctx, uow, matter, _STATUSES[rest[1].lower()], actor)
    if verb == "owner" and len(rest) == 2:
        owner = await _owner(ctx, uow, command, rest[1])
        if owner is None:
            return ctx.say("concern_owner_unknown", who=rest[1])
        return await set_owner(ctx, uow, matter, owner[0], owner[1], actor)
    return ctx.say("concern_usage", statuses=" | ".join(_STATUSES_SHOWN))


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
