"""A roster entry's timer fired (handlers/rounds.py): remind the carer privately of a contact or a
visit, with one-tap answers; a visit past its day by `[visits] overdue_after` goes to the
secretaries. A carer the bot cannot write to is reported to the secretaries instead."""

from __future__ import annotations

from handlers.chat import Button, Keyboard, Outcome, Outgoing, Send
from handlers.commands import RemindVisit
from handlers.context import Context
from handlers.domain.visits import (
    Due,
    RosterEntry,
    VisitAction,
    VisitEvent,
    VisitEventType,
    answer_button,
    reminder_ref,
    taken,
)
from handlers.ports import UnitOfWork

_BUTTONS = (
    ("btn_visit_contacted", VisitAction.CONTACTED),
    ("btn_visit_visited", VisitAction.VISITED),
    ("btn_visit_needs_help", VisitAction.NEEDS_HELP),
)


def reminder_view(ctx: Context, entry: RosterEntry, due: Due, reminder_id: int) -> tuple[str, Keyboard]:
    key = "visit_remind_visit" if due is Due.VISIT else "visit_remind_contact"
    text = ctx.texts.text(
        key, name=entry.name, building=entry.building, compound=entry.compound,
        need=ctx.texts.text(f"need_{entry.need}"), contact=entry.contact_every, visit=entry.visit_every,
    )
    return text + "\n" + ctx.texts.text("visit_remind_hint"), answer_keyboard(ctx, entry, reminder_id)


def answer_keyboard(ctx: Context, entry: RosterEntry, reminder_id: int) -> Keyboard:
    buttons = tuple(Button(ctx.texts.text(label), answer_button(entry.id, reminder_id, a)) for label, a in _BUTTONS)
    return buttons[:2], buttons[2:]


def tell_secretaries(ctx: Context, entry: RosterEntry, text: str) -> tuple[Outgoing, ...]:
    return tuple(Outgoing(Send(secretary, text)) for secretary in ctx.policy.grid.secretaries_of(entry.community))


async def remind(ctx: Context, uow: UnitOfWork, command: RemindVisit) -> Outcome:
    entry, due, now = command.entry, command.due, ctx.clock.now()
    detail: dict[str, object] = {"entry": entry.id, "due": due.value}
    if due is Due.OVERDUE:
        days = max(0, (now - entry.visit_due_at).days)
        text = ctx.texts.text(
            "visit_overdue", id=entry.id, name=entry.name, building=entry.building, compound=entry.compound,
            carer=entry.carer_name, days=days,
        )
        outgoing = tell_secretaries(ctx, entry, text)
        await uow.rosters.log(VisitEvent(entry.id, VisitEventType.OVERDUE, None, now, {"days": days}))
        name = "visit_overdue"
    else:
        person = await uow.people.get(entry.carer_id)
        reached = person is not None and person.started_bot
        kind = VisitEventType.REMINDED_VISIT if due is Due.VISIT else VisitEventType.REMINDED_CONTACT
        reminder_id = await uow.rosters.log(VisitEvent(entry.id, kind, None, now, {"reached": reached}))
        if reached:
            text, keyboard = reminder_view(ctx, entry, due, reminder_id)
            outgoing = (Outgoing(Send(entry.carer_id, text, keyboard, ref=reminder_ref(entry.id, reminder_id))),)
        else:
            unreachable = ctx.texts.text("visit_carer_unreachable", id=entry.id, name=entry.name,
                                         carer=entry.carer_name)
            outgoing = tell_secretaries(ctx, entry, unreachable)
        detail["reached"] = reached
        name = "visit_reminded"
    await uow.rosters.save(taken(entry, due, now, ctx.policy.visits))
    return Outcome(name, detail=detail, outgoing=outgoing)
