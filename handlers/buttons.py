"""Inline buttons: what their callback_data says and what pressing one does."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import StrEnum

from handlers import registration, requests
from handlers.chat import AnswerButton, ButtonPress, Outcome
from handlers.context import Context
from handlers.ports import UnitOfWork


class Verb(StrEnum):
    CLAIM = "c"
    DONE = "d"
    CANCEL = "x"
    RELEASE = "r"
    DECLINE = "n"


def button_data(verb: Verb, request_id: int) -> str:
    """Short on purpose: Telegram allows 64 bytes of callback_data."""
    return f"{verb.value}:{request_id}"


def parse_button_data(data: str) -> tuple[Verb, int] | None:
    verb, _, number = data.partition(":")
    try:
        return Verb(verb), int(number)
    except ValueError:
        return None


async def press(ctx: Context, uow: UnitOfWork, event: ButtonPress) -> Outcome:
    if event.data.startswith(registration.PREFIX + ":"):
        # The private registration flow carries its own state; request buttons stay "<verb>:<id>".
        return await registration.press(ctx, uow, event)
    parsed = parse_button_data(event.data)
    request = await uow.requests.get(parsed[1]) if parsed else None
    if parsed is None or request is None:
        await uow.outbox.add(AnswerButton(event.callback_id, ctx.texts.text("button_unknown")))
        return Outcome("unknown_button")
    await uow.people.seen(event.sender.user_id, event.sender.name, event.sender.username)
    verb = parsed[0]
    if verb is Verb.DECLINE:
        return await requests.decline(ctx, uow, request, event.sender, event.callback_id)
    return await _ACTIONS[verb](ctx, uow, request, event.sender, callback_id=event.callback_id)


_Action = Callable[..., Awaitable[Outcome]]
_ACTIONS: dict[Verb, _Action] = {
    Verb.CLAIM: requests.claim,
    Verb.DONE: requests.complete,
    Verb.CANCEL: requests.cancel,
    Verb.RELEASE: requests.release,
}
