"""A carer's one tap under a reminder (contacted, visited, needs help) and a note in reply to it.

"Needs help" opens a request in the building's group, in the carer's name and in words that say
nothing of the resident: the roster is never named in a group.
"""

from __future__ import annotations

from handlers.chat import Edit, Outcome, Outgoing, Sender
from handlers.commands import AnswerVisit, NoteVisit
from handlers.context import Context
from handlers.domain import Request, Status
from handlers.domain.bindings import chat_for_building
from handlers.domain.visits import RosterEntry, VisitAction, VisitEvent, VisitEventType, answered, reminder_ref
from handlers.ports import UnitOfWork
from handlers.requests.post import publish
from handlers.visits.remind import answer_keyboard, tell_secretaries

NOTE_LIMIT = 1000


async def answer_visit(ctx: Context, uow: UnitOfWork, command: AnswerVisit) -> Outcome:
    entry, action, user_id = command.entry, command.action, command.sender.user_id
    if entry.off_at is not None:
        return ctx.say("visit_entry_off", "visit_gone")
    if user_id != entry.carer_id and not ctx.policy.grid.is_secretary(user_id, entry.community):
        return ctx.say("visit_not_yours", "refused")
    last = await uow.rosters.answered_on(command.chat_id, command.message_id)
    if last is not None and last.type.value == action.value:
        # A double tap records nothing twice (and opens no second request).
        return ctx.say("visit_already", "visit_already")
    now = ctx.clock.now()
    detail: dict[str, object] = {"via": "button", "reminder": command.reminder_id}
    event = VisitEvent(entry.id, VisitEventType(action.value), user_id, now, detail, command.chat_id,
                       command.message_id)
    event_id = await uow.rosters.log(event)
    toast = ctx.texts.text(f"visit_ok_{action}")
    outgoing: tuple[Outgoing, ...] = ()
    if action is VisitAction.NEEDS_HELP:
        request, outgoing = await _open_help(ctx, uow, entry, command.sender, event_id)
        detail["request_id"] = request.id if request else None
        if request is not None:
            toast = ctx.texts.text("visit_help_opened", id=request.id)
    await uow.rosters.save(answered(entry, action, now, ctx.policy.visits, ctx.policy.timezone))
    text = ctx.texts.text(
        "visit_answered", name=entry.name, building=entry.building, answer=ctx.texts.text(f"btn_visit_{action}"),
    )
    keyboard = answer_keyboard(ctx, entry, command.reminder_id)
    outgoing += (Outgoing(Edit(command.chat_id, reminder_ref(entry.id, command.reminder_id), text, keyboard)),)
    detail = {"entry": entry.id, "action": action.value, **detail}
    return Outcome("visit_answered", detail=detail, toast=toast, outgoing=outgoing)


async def _open_help(
    ctx: Context, uow: UnitOfWork, entry: RosterEntry, carer: Sender, event_id: int
) -> tuple[Request | None, tuple[Outgoing, ...]]:
    """The request opened in the building's group, and what opening it says (its card, its calls);
    with no group for the building, the secretaries are told instead."""
    grid = ctx.policy.grid
    chat = chat_for_building(grid, await uow.desk.bindings(), entry.community, entry.compound, entry.building)
    if chat is None:
        return None, tell_secretaries(ctx, entry, ctx.texts.text("visit_help_no_group", id=entry.id, name=entry.name))
    draft = Request(
        # No words in the group asked for it: the message id is the needs-help event's, negative,
        # so it can never be a Telegram message's and says where the request came from.
        id=0, chat_id=chat, message_id=-event_id,
        requester_id=carer.user_id, requester_name=carer.name,
        text=ctx.texts.text("visit_help_request", building=entry.building),
        category="other", building=entry.building, compound=entry.compound, community=entry.community,
        urgent=False, emergency=False, status=Status.OPEN, posted_at=ctx.clock.now(),
    )
    outcome = await publish(ctx, uow, draft, [], {"via": "roster", "visit_event": event_id}, None)
    request = await uow.requests.get(outcome.request_id) if outcome.request_id else None
    return request, outcome.outgoing


async def note_visit(ctx: Context, uow: UnitOfWork, command: NoteVisit) -> Outcome:
    answered_on = command.answered
    detail: dict[str, object] = {"text": command.text[:NOTE_LIMIT], "on": answered_on.type.value}
    now = ctx.clock.now()
    await uow.rosters.log(VisitEvent(command.entry.id, VisitEventType.NOTE, command.sender.user_id, now, detail))
    return ctx.say("visit_note_saved", "visit_noted", name=command.entry.name)
