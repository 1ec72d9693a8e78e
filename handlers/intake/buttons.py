"""Inline buttons: what their callback_data says, and which command pressing one gives."""

from __future__ import annotations

from enum import StrEnum

from handlers.chat import ButtonPress, Outcome
from handlers.commands import (
    AcceptSuggestion,
    AnswerVisit,
    CancelRequest,
    ClaimRequest,
    Command,
    CompleteRequest,
    DeclineCall,
    OnRequest,
    RegistrationStep,
    ReleaseRequest,
    SetupStep,
    WithdrawRequest,
)
from handlers.context import Context
from handlers.domain import setup
from handlers.domain.feedback import suggestion_of_button
from handlers.domain.sign_up import PREFIX, decode
from handlers.domain.visits import parse_answer_button
from handlers.ports import UnitOfWork


class Verb(StrEnum):
    CLAIM = "c"
    DONE = "d"
    CANCEL = "x"
    RELEASE = "r"
    DECLINE = "n"
    WITHDRAW = "w"  # "not a request", for the requester only


_COMMANDS: dict[Verb, type[OnRequest]] = {
    Verb.CLAIM: ClaimRequest,
    Verb.DONE: CompleteRequest,
    Verb.CANCEL: CancelRequest,
    Verb.RELEASE: ReleaseRequest,
    Verb.DECLINE: DeclineCall,
    Verb.WITHDRAW: WithdrawRequest,
}


def button_data(verb: Verb, request_id: int) -> str:
    """Short on purpose: Telegram allows 64 bytes of callback_data."""
    return f"{verb.value}:{request_id}"


def parse_button_data(data: str) -> tuple[Verb, int] | None:
    verb, _, number = data.partition(":")
    try:
        return Verb(verb), int(number)
    except ValueError:
        return None


async def read_press(ctx: Context, uow: UnitOfWork, press: ButtonPress) -> Command | Outcome:
    in_private = press.chat_id == press.sender.user_id
    if press.data.startswith(PREFIX + ":"):
        # The private sign-up carries its own state; request buttons stay "<verb>:<id>".
        decoded = decode(ctx.policy.grid, press.data)
        # Only ever pressed in the presser's own private chat: anything else was not made by us.
        if decoded is None or not in_private:
            return ctx.say("reg_expired", "registration_refused")
        return RegistrationStep(press.sender, True, decoded[0], decoded[1])
    if (suggestion_id := suggestion_of_button(press.data)) is not None:
        suggestion = await uow.suggestions.get(suggestion_id)
        if suggestion is None or suggestion.chat_id != press.chat_id:
            return ctx.say("button_unknown", "unknown_button")
        return AcceptSuggestion(press.sender, in_private, suggestion)
    if press.data.startswith(setup.PREFIX + ":"):
        found = setup.decode(ctx.policy.grid, press.data)
        if found is None or in_private:
            return ctx.say("button_unknown", "unknown_button")
        return SetupStep(press.sender, False, press.chat_id, found[0], found[1])
    if (answer := parse_answer_button(press.data)) is not None:
        entry = await uow.rosters.get(answer[0])
        if entry is None or not in_private:
            return ctx.say("button_unknown", "unknown_button")
        return AnswerVisit(press.sender, True, entry, answer[2], answer[1], press.chat_id, press.message_id)
    parsed = parse_button_data(press.data)
    request = await uow.requests.get(parsed[1]) if parsed else None
    if parsed is None or request is None:
        return ctx.say("button_unknown", "unknown_button")
    return _COMMANDS[parsed[0]](press.sender, in_private, request, True)
