"""Putting a desk view in front of the secretary: a new message for a command, the same message
edited for a button. A view that names people is never shown in a group: it goes privately, and
the group gets a brief note (or, when the bot may not write to them yet, how to let it).

The view is written to the outbox here, not through `Outcome.answer`, because it carries a
keyboard and a ref (`desk:<token>`) that its buttons edit."""

from __future__ import annotations

from handlers.chat import Edit, Keyboard, Outcome, Send
from handlers.commands import Slash
from handlers.context import Context
from handlers.domain.desk import desk_ref
from handlers.ports import UnitOfWork


def token_of(command: Slash) -> int:
    """Names the view a command makes: update ids are unique per bot."""
    return command.message.update_id


async def show(
    ctx: Context, uow: UnitOfWork, command: Slash, name: str, text: str, keyboard: Keyboard = (),
    detail: dict[str, object] | None = None,
) -> Outcome:
    message, user_id = command.message, command.sender.user_id
    outcome = Outcome(name, detail=detail or {})
    if not message.is_private:
        person = await uow.people.get(user_id)
        if person is None or not person.started_bot:
            outcome.answer = ctx.texts.text("desk_start_first")
            outcome.detail["private"] = False
            return outcome
        outcome.answer = ctx.texts.text("desk_sent_privately")
    await uow.outbox.add(Send(user_id, text, keyboard, ref=desk_ref(token_of(command))))
    outcome.detail["private"] = True
    return outcome


async def redraw(
    uow: UnitOfWork, chat_id: int, token: int, text: str, keyboard: Keyboard, name: str, toast: str | None = None,
    detail: dict[str, object] | None = None,
) -> Outcome:
    """The view under a pressed button, edited in place."""
    await uow.outbox.add(Edit(chat_id, desk_ref(token), text, keyboard))
    return Outcome(name, detail=detail or {}, toast=toast)
