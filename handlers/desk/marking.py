"""A concern entry's buttons: tabled / in hand / fixed / declined, or "me" as its owner.
Only a secretary of the concern's community may press them; the entry is redrawn in place."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import MarkConcern
from handlers.context import Context
from handlers.desk.changes import entry_keyboard, set_owner, set_status
from handlers.desk.show import redraw
from handlers.domain.desk import CHANGES
from handlers.ports import UnitOfWork


async def mark_concern(ctx: Context, uow: UnitOfWork, command: MarkConcern) -> Outcome:
    press, user = command.press, command.sender
    matter = await uow.concern_book.get(press.matter_id)
    if matter is None:
        return ctx.say("button_unknown", "unknown_button")
    if not ctx.policy.grid.is_secretary(user.user_id, matter.community):
        return ctx.say("desk_refused")
    to = CHANGES[press.change]
    if to is None:
        changed = await set_owner(ctx, uow, matter, user.user_id, user.name, user.user_id)
    else:
        changed = await set_status(ctx, uow, matter, to, user.user_id)
    now = changed.matter
    text, keyboard = ctx.texts.concern_entry(now), entry_keyboard(ctx, now, press.token)
    toast = ctx.texts.text("concern_updated", id=matter.id)
    detail: dict[str, object] = {"matter_id": matter.id, "status": now.status.value}
    outcome = redraw(command.chat_id, press.token, text, keyboard, "concern_marked", toast, detail)
    return outcome.preceded_by(changed.told)
