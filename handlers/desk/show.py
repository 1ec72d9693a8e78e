"""Answers that name people, put in front of the secretary: never into a group. Asked in private,
the answer is given there; asked in a group, it goes privately to the one who asked, and the group
gets a brief note — or, when the bot may not write to them yet, how to let it. One rule and one
text per meaning (`desk_sent_privately`, `desk_start_first`) for the lists, the rosters, the
secretaries and the exports alike.

Three shapes of answer: plain words (`Tell`, or the reply itself in private); a desk view with
a keyboard, sent under a ref (`desk:<token>`) that its buttons edit; files (an
export), each with the caption."""

from __future__ import annotations

from collections.abc import Sequence

from handlers.chat import Edit, File, Keyboard, Outcome, Outgoing, Send, SendFile, Tell
from handlers.commands import Slash
from handlers.context import Context
from handlers.domain.desk import desk_ref
from handlers.ports import UnitOfWork


def token_of(command: Slash) -> int:
    """Names the view a command makes: update ids are unique per bot."""
    return command.message.update_id


async def start_first(
    ctx: Context, uow: UnitOfWork, command: Slash, name: str, detail: dict[str, object] | None = None
) -> Outcome | None:
    """None when an answer may go to the sender privately (asked in private, or they started the
    bot); otherwise the outcome `name` that tells them, in the group, how to let it."""
    if command.message.is_private:
        return None
    person = await uow.people.get(command.sender.user_id)
    if person is not None and person.started_bot:
        return None
    return Outcome(name, detail={**(detail or {}), "private": False}, answer=ctx.texts.text("desk_start_first"))


async def privately(
    ctx: Context, uow: UnitOfWork, command: Slash, name: str, text: str, keyboard: Keyboard | None = None,
    detail: dict[str, object] | None = None, files: Sequence[File] = (),
) -> Outcome:  # fmt: skip
    """The outcome `name` answering `text` privately: as words, as a view when `keyboard` is given
    (even an empty one: the view is then still editable under its ref), or as the caption of `files`."""
    held = await start_first(ctx, uow, command, name, detail)
    if held is not None:
        return held
    user_id, in_private = command.sender.user_id, command.message.is_private
    outcome = Outcome(name, detail={**(detail or {}), "private": True})
    if files:
        outcome.outgoing = tuple(Outgoing(SendFile(user_id, file, text)) for file in files)
    elif keyboard is not None:
        outcome.outgoing = (Outgoing(Send(user_id, text, keyboard, ref=desk_ref(token_of(command)))),)
    elif in_private:
        outcome.answer = text
    else:
        outcome.tell = (Tell((user_id,), text),)
    if not in_private:
        outcome.answer = ctx.texts.text("desk_sent_privately")
    return outcome


def redraw(
    chat_id: int, token: int, text: str, keyboard: Keyboard, name: str, toast: str | None = None,
    detail: dict[str, object] | None = None,
) -> Outcome:
    """The view under a pressed button, edited in place."""
    edit = Edit(chat_id, desk_ref(token), text, keyboard)
    return Outcome(name, detail=detail or {}, toast=toast, outgoing=(Outgoing(edit),))
