"""The presenter: a handler's outcome in the Telegram shape of how the command came; the one
writer of the outbox in the core (handlers/core.py aside: a press given up still gets its answer).

- What the use case wants said (`outcome.outgoing`: calls, notes, views) is written first, in order.
- The card of `outcome.card` is redrawn in place (who holds it, who is called, its buttons),
  whichever way the command came, the ladder's timers included.
- The private words of `outcome.tell` go to those the bot may write to, a fallback to the group
  for the others.
- A button press always gets its answer as a toast (Telegram shows a spinner until it is
  answered, even with no text); words get a reply only when there is something to say.

Use cases therefore never write to the outbox, nor ask whether they were reached by a button, a
message or a timer.
"""

from __future__ import annotations

from handlers.chat import AnswerButton, ButtonPress, ChatEvent, Edit, Outcome, Send, Tell, ack_ref, card_ref
from handlers.commands import Command
from handlers.context import Context
from handlers.domain import Request
from handlers.ports import UnitOfWork
from handlers.table import execute


async def run(ctx: Context, uow: UnitOfWork, command: Command) -> Outcome:
    """A command of the clock or of a job through the table, presented in the same unit of work
    (nobody gave it, so nobody is answered: only what it says and the card it changes)."""
    outcome = await execute(ctx, uow, command)
    await present(ctx, uow, None, outcome)
    return outcome


async def present(ctx: Context, uow: UnitOfWork, event: ChatEvent | None, outcome: Outcome) -> None:
    """Write what `outcome` says to the outbox, in the caller's unit of work (`event`: how the
    command came; None for the timers and jobs, which answer no one)."""
    for item in outcome.outgoing:
        await uow.outbox.add(item.action, request_id=item.request_id)
    if outcome.card is not None:
        await redraw_card(ctx, uow, outcome.card)
    for tell in outcome.tell:
        await tell_privately(uow, tell, outcome.request_id)
    if isinstance(event, ButtonPress):
        answer = AnswerButton(event.callback_id, outcome.answer or outcome.toast)
        await uow.outbox.add(answer, request_id=outcome.request_id)
    elif event is not None and outcome.answer is not None:
        reply = Send(
            event.chat_id, outcome.answer, reply_to_message_id=event.message_id, ref=ack_ref(outcome), ack=True
        )
        await uow.outbox.add(reply, request_id=outcome.request_id)


async def tell_privately(uow: UnitOfWork, tell: Tell, request_id: int | None) -> None:
    unreachable = False
    for user_id in tell.user_ids:
        person = await uow.people.get(user_id)
        if person is not None and person.started_bot:
            await uow.outbox.add(Send(user_id, tell.text, tell.keyboard), request_id=request_id)
        else:
            unreachable = True
    if unreachable and tell.fallback is not None:
        await uow.outbox.add(tell.fallback, request_id=request_id)


async def redraw_card(ctx: Context, uow: UnitOfWork, request: Request) -> None:
    called = await called_names(uow, request) if request.is_open else []
    text, keyboard = ctx.texts.card(request, called)
    await uow.outbox.add(Edit(request.chat_id, card_ref(request.id), text, keyboard), request_id=request.id)


async def called_names(uow: UnitOfWork, request: Request) -> list[tuple[int, str]]:
    """Those called and not declined, by user id, as the card names them."""
    names: list[tuple[int, str]] = []
    for user_id in sorted(await uow.calls.called(request.id) - await uow.calls.declined(request.id)):
        volunteer = await uow.volunteers.get(user_id)
        names.append((user_id, volunteer.name if volunteer else str(user_id)))
    return names
