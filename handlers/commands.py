"""Every way in, as a typed command: what the use case needs to know, and nothing of how it came.

The transports' updates are read into these (handlers/intake/), the ladder's timers too
(handlers/ladder.py), and the CLI builds them directly; `handlers/table.py` maps each type to the
one function that handles it. Answers go back through the presenter, which knows how the command
came (a reply to words, a toast on a button), so the use cases never ask.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handlers.chat import ChatMessage, Sender
from handlers.domain import Request, Ring
from handlers.domain.feedback import Suggestion
from handlers.domain.sign_up import State
from handlers.understanding import Reading

# --- from a person ---------------------------------------------------------------------------


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


class ClaimRequest(OnRequest):
    """"I'll help": the Claim button, or "我来" / "on my way" in reply."""
    __slots__ = ()


class CompleteRequest(OnRequest):
    """"Done": the Done button, or "收好了" / "thanks!" from a claimer or the requester."""
    __slots__ = ()


class CancelRequest(OnRequest):
    """"Never mind": the Cancel button, or "不用了" from the requester (a claimer's is a release)."""
    __slots__ = ()


class ReleaseRequest(OnRequest):
    """"Can't make it": a claimer gives the request back."""
    __slots__ = ()


class DeclineCall(OnRequest):
    """ "Can't help", pressed under a call: step aside for the next-best volunteer."""
    __slots__ = ()


class WithdrawRequest(OnRequest):
    """"Not a request", pressed on the card by its requester: cancelled, and kept as a correction."""
    __slots__ = ()


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
class CommandCall:
    """A slash command as typed: `/name@bot arg…`."""

    name: str
    args: tuple[str, ...]
    payload: str  # everything after the command, as typed
    addressed: bool = False  # written as /name@ourbot


@dataclass(frozen=True, slots=True)
class Slash(ByPerson):
    """A slash command; each one is its own subclass, named in handlers/table.py."""

    message: ChatMessage
    call: CommandCall


class Start(Slash):
    """`/start`, and the deep link `/start volunteer` into the guided sign-up."""
    __slots__ = ()


class Help(Slash):
    """`/help`: composed from the table's order."""
    __slots__ = ()


class RegisterVolunteer(Slash):
    """`/volunteer <building> [skills…]`, `/volunteer off` · `on`."""
    __slots__ = ()


class SetHome(Slash):
    """`/home <building>`: a resident's building, for requests that name none."""
    __slots__ = ()


class ListOpen(Slash):
    """`/open`: the open requests of this compound, or of a secretary's communities."""
    __slots__ = ()


class AskReport(Slash):
    """`/report [today|week|month|all]`: the figures, for secretaries."""
    __slots__ = ()


class ShowProfile(Slash):
    """`/me`: a volunteer's profile, claims and record."""
    __slots__ = ()


class SetHours(Slash):
    """`/hours 18:00-22:00[,…]` · `/hours any`."""
    __slots__ = ()


class SetQuiet(Slash):
    """`/quiet 22:00-07:00` · `/quiet off`."""
    __slots__ = ()


class SetLoad(Slash):
    """`/load <1-5>`: most requests held at once."""
    __slots__ = ()


class Serve(Slash):
    """`/serve` · `/serve off`: 双报到, also serve this group's community."""
    __slots__ = ()


class Vet(Slash):
    """`/vet <user id>` · `/vet off <user id>`: a secretary vouches for a volunteer."""
    __slots__ = ()


class Ask(Slash):
    """`/ask <what you need>`: a request, whatever the reader makes of the words."""
    __slots__ = ()


# --- from the clock and the operator ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Escalate:
    """Nobody took it in time: call the next ring out."""

    request: Request
    ring: Ring


@dataclass(frozen=True, slots=True)
class Expire:
    request: Request


@dataclass(frozen=True, slots=True)
class FollowUp:
    """Claimed and not done in time: ask the claimers (reached 1), then tell the secretaries (2)."""

    request: Request
    reached: int


@dataclass(frozen=True, slots=True)
class ExpireSuggestion:
    """Nobody used the suggestion in time: delete it."""

    suggestion: Suggestion


@dataclass(frozen=True, slots=True)
class SendDigests:
    """The secretaries' daily digest."""


@dataclass(frozen=True, slots=True)
class ComputeReport:
    """The period's figures, for `/report` and for `jinlin report`."""

    period: str
    communities: tuple[str, ...] | None = None  # None: every community


Command = (
    PostRequest | OnRequest | RecordOffer | RecordConcern | RegistrationStep | Slash
    | Suggest | AcceptSuggestion | NoteCandidate
    | Escalate | Expire | FollowUp | ExpireSuggestion | SendDigests | ComputeReport
)
