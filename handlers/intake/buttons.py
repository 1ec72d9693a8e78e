"""Inline buttons: what their callback_data says, and which command pressing one gives.

Callback data can be forged (any client may send any data for any of the bot's messages), so a
press acts only on what its chat may touch: a request of the group it was pressed in, or, in a
private chat, a request the presser was called for, holds or asked. Anything else (another
group's request, an unlisted group, a finished request, an id we never gave out, garbage) is
answered "this button has expired"; every press is answered.
"""

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
    MarkConcern,
    OnRequest,
    RegistrationStep,
    ReleaseRequest,
    SetupStep,
    TurnPage,
    WithdrawRequest,
)
from handlers.context import Context
from handlers.domain import Request, desk, setup
from handlers.domain.feedback import suggestion_of_button
from handlers.domain.request import id_of
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
    request_id = id_of(number)
    if request_id is None or verb not in _VERBS:
        return None
    return Verb(verb), request_id


_VERBS = frozenset(verb.value for verb in Verb)


async def read_press(ctx: Context, uow: UnitOfWork, press: ButtonPress) -> Command | Outcome:
    in_private = press.chat_id == press.sender.user_id
    if press.data.startswith(PREFIX + ":"):
        # The private sign-up carries its own state; request buttons stay "<verb>:<id>".
        decoded = decode(ctx.policy.grid, press.data)
        # Only ever pressed in the presser's own private chat: anything else was not made by us.
        if decoded is None or not in_private:
            return ctx.say("reg_expired", "registration_refused")
        return RegistrationStep(press.sender, True, decoded[0], decoded[1])
    if press.data.startswith(setup.PREFIX + ":"):
        # /setup's buttons are pressed in a group not configured yet, so before the check below.
        step = setup.decode(ctx.policy.grid, press.data)
        if step is None or in_private:
            return ctx.say("button_unknown", "unknown_button")
        return SetupStep(press.sender, False, press.chat_id, step[0], step[1])
    if not in_private and ctx.policy.grid.compound_of_chat(press.chat_id) is None:
        return ctx.say("button_unknown", "unknown_button")  # an unlisted group, or no chat at all
    if desk.is_desk_data(press.data):
        found = desk.decode(press.data)
        if found is None:
            return ctx.say("button_unknown", "unknown_button")
        if isinstance(found, desk.PagePress):
            return TurnPage(press.sender, in_private, press.chat_id, found)
        return MarkConcern(press.sender, in_private, press.chat_id, found)
    if (suggestion_id := suggestion_of_button(press.data)) is not None:
        suggestion = await uow.suggestions.get(suggestion_id)
        if suggestion is None or suggestion.chat_id != press.chat_id:
            return ctx.say("button_unknown", "unknown_button")
        return AcceptSuggestion(press.sender, in_private, suggestion)
    if (answer := parse_answer_button(press.data)) is not None:
        entry = await uow.rosters.get(answer[0])
        if entry is None or not in_private:
            return ctx.say("button_unknown", "unknown_button")
        return AnswerVisit(press.sender, True, entry, answer[2], answer[1], press.chat_id, press.message_id)
    parsed = parse_button_data(press.data)
    request = await uow.requests.get(parsed[1]) if parsed else None
    if parsed is None or request is None or not await _may_touch(uow, press, request, in_private):
        return ctx.say("button_unknown", "unknown_button")
    return _COMMANDS[parsed[0]](press.sender, in_private, request, True)


async def _may_touch(uow: UnitOfWork, press: ButtonPress, request: Request, in_private: bool) -> bool:
    if request.status.is_final:
        return False  # its card has no buttons any more: a stale or forged press
    if not in_private:
        return request.chat_id == press.chat_id
    user = press.sender.user_id
    # A private call, a follow-up to a claimer, a word to the requester: their own requests only.
    return user == request.requester_id or user in request.claimers or user in await uow.calls.called(request.id)
