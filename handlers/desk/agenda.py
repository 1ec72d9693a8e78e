"""`/agenda [YYYY-MM-DD]`: the next residents' meeting's agenda (邻里汇, 恳谈会) from the open concerns,
most-raised first. Putting a raised concern on the agenda tables it (logged with the meeting's date)."""

from __future__ import annotations

from dataclasses import replace

from handlers.chat import Outcome, Outgoing
from handlers.commands import BuildAgenda
from handlers.context import Context
from handlers.desk.changes import set_status
from handlers.desk.pages import concern_list
from handlers.desk.roles import scope_of_message
from handlers.desk.show import privately
from handlers.domain.concerns import ConcernStatus
from handlers.domain.desk import Agenda
from handlers.ports import UnitOfWork


async def build_agenda(ctx: Context, uow: UnitOfWork, command: BuildAgenda) -> Outcome:
    scope = scope_of_message(ctx.policy.grid, command.message)
    if scope is None:
        return ctx.say("desk_refused")
    meeting = command.meeting
    if meeting is not None and meeting < ctx.clock.now().astimezone(ctx.policy.timezone).date():
        return ctx.say("agenda_usage")
    matters = [m for m in await concern_list(uow, scope) if m.status.is_open]
    tabled, listed = 0, []
    told: tuple[Outgoing, ...] = ()  # a change's notices (tabling sends none today)
    when = meeting.isoformat() if meeting else ""
    for matter in matters:
        if meeting is not None and matter.meeting != meeting:
            matter = replace(matter, meeting=meeting)
            await uow.concern_book.save(matter)
        if matter.status is ConcernStatus.RAISED:
            changed = await set_status(ctx, uow, matter, ConcernStatus.TABLED, command.sender.user_id, meeting=when)
            matter, told = changed.matter, told + changed.told
            tabled += 1
        listed.append(matter)
    agenda = Agenda(tuple(listed), when, tabled, scope.place)
    detail: dict[str, object] = {"items": [m.id for m in listed], "tabled": tabled}
    shown = await privately(ctx, uow, command, "agenda", ctx.texts.agenda(agenda), (), detail)
    return shown.preceded_by(told)
