"""Commands a person gives by words or buttons in a chat: a request's life, suggestions, lists, sign-up."""

from __future__ import annotations

from dataclasses import dataclass, field

from handlers.chat import ChatMessage, Sender
from handlers.domain import Request
from handlers.domain.feedback import Suggestion
from handlers.domain.setup import SetupState
from handlers.domain.sign_up import State
from handlers.domain.visits import RosterEntry, VisitAction, VisitEvent
from handlers.understanding import Reading


@dataclass(frozen=True, slots=True)
class ByPerson:
    """A command someone gave: who, and whether in their private chat with the bot."""

    sender: Sender
    in_private: bool


@dataclass(frozen=True, slots=True)
class PostRequest(ByPerson):
    message: ChatMessage
    reading: Reading
    log: dict[str, object] = field(default_factory=dict)  # more for the posted event (a forced request's)


@dataclass(frozen=True, slots=True)
class OnRequest(ByPerson):
    """Something done to one request, by its button or by words in reply to it."""

    request: Request
    by_button: bool


class ClaimRequest(OnRequest): """"I'll help": the Claim button, or "我来" / "on my way" in reply."""
class CompleteRequest(OnRequest): """"Done": the Done button, or "收好了" / "thanks!" from a claimer or requester."""
class CancelRequest(OnRequest): """"Never mind": the Cancel button, or "不用了" from the requester."""
class ReleaseRequest(OnRequest): """"Can't make it": a claimer gives the request back."""
class DeclineCall(OnRequest): """ "Can't help", pressed under a call: step aside for the next-best volunteer."""
class WithdrawRequest(OnRequest): """"Not a request", pressed by the requester: cancelled, kept as a correction."""


@dataclass(frozen=True, slots=True)
class Suggest(ByPerson):
    """Words the reader was unsure about: ask their writer whether to ask the neighbours."""

    message: ChatMessage
    reading: Reading


@dataclass(frozen=True, slots=True)
class AcceptSuggestion(ByPerson):
    """The suggestion's button (`s:<id>`), or its author's reply to it (`more`: the reply's words)."""

    suggestion: Suggestion
    more: str | None = None


@dataclass(frozen=True, slots=True)
class NoteCandidate(ByPerson):
    """"我来" under a neighbour's message that got no card: that message is kept as a request candidate."""

    message: ChatMessage


@dataclass(frozen=True, slots=True)
class RecordOffer(ByPerson):
    message: ChatMessage
    reading: Reading


@dataclass(frozen=True, slots=True)
class RecordConcern(ByPerson):
    message: ChatMessage
    reading: Reading


@dataclass(frozen=True, slots=True)
class RegistrationStep(ByPerson):
    """A button of the private guided sign-up, decoded: the screen it asks for and the state."""

    step: str  # "s" skills, "h" hours, "d" done
    state: State


@dataclass(frozen=True, slots=True)
class AnswerVisit(ByPerson):
    """A carer's one tap under a visit reminder: contacted, visited or needs help."""

    entry: RosterEntry
    action: VisitAction
    reminder_id: int  # the reminder's event: its message is redrawn under `reminder_ref`
    chat_id: int
    message_id: int  # the reminder's message: a reply to it later adds a note


@dataclass(frozen=True, slots=True)
class NoteVisit(ByPerson):
    """A carer's reply to a reminder they answered: a note for the record."""

    entry: RosterEntry
    answered: VisitEvent
    text: str


@dataclass(frozen=True, slots=True)
class SetupStep(ByPerson):
    """A press on `/setup`'s buttons in a group, decoded."""

    chat_id: int
    step: str  # "c" compounds of a community, "b" buildings (toggled), "d" done: bind
    state: SetupState
