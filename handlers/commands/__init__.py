"""Every way in, as a typed command: what the use case needs to know, and nothing of how it came.

The transports' updates are read into these (handlers/intake/), the ladder's timers too
(handlers/ladder.py), and the CLI builds them directly; `handlers/table.py` maps each type to the
one function that handles it. Answers go back through the presenter, which knows how the command
came (a reply to words, a toast on a button), so the use cases never ask.

One module per source: people.py (words and buttons), slash.py (slash commands), timers.py (the
clock and the operator). A new command goes into the module of where it comes from, is named here,
and gets its row in handlers/table.py.
"""

from __future__ import annotations

from handlers.commands.people import (
    AcceptSuggestion,
    ByPerson,
    CancelRequest,
    ClaimRequest,
    CompleteRequest,
    DeclineCall,
    NoteCandidate,
    OnRequest,
    PostRequest,
    RecordConcern,
    RecordOffer,
    RegistrationStep,
    ReleaseRequest,
    Suggest,
    WithdrawRequest,
)
from handlers.commands.slash import (
    Ask,
    AskReport,
    CommandCall,
    ForgetMe,
    Help,
    ListOpen,
    RegisterVolunteer,
    Serve,
    SetHome,
    SetHours,
    SetLoad,
    SetQuiet,
    ShowProfile,
    Slash,
    Start,
    Vet,
)
from handlers.commands.timers import (
    BlankOldTexts,
    ComputeReport,
    Escalate,
    Expire,
    ExpireSuggestion,
    FollowUp,
    ForgetPerson,
    SendDigests,
)

Command = (
    PostRequest | OnRequest | RecordOffer | RecordConcern | RegistrationStep | Slash
    | Suggest | AcceptSuggestion | NoteCandidate
    | Escalate | Expire | FollowUp | ExpireSuggestion | SendDigests | ComputeReport
    | ForgetPerson | BlankOldTexts
)

__all__ = [
    "AcceptSuggestion", "Ask", "AskReport", "BlankOldTexts", "ByPerson", "CancelRequest", "ClaimRequest", "Command",
    "CommandCall", "CompleteRequest", "ComputeReport", "DeclineCall", "Escalate", "Expire",
    "ExpireSuggestion", "FollowUp", "ForgetMe", "ForgetPerson", "Help", "ListOpen", "NoteCandidate", "OnRequest",
    "PostRequest",
    "RecordConcern", "RecordOffer", "RegisterVolunteer", "RegistrationStep", "ReleaseRequest",
    "SendDigests", "Serve", "SetHome", "SetHours", "SetLoad", "SetQuiet", "ShowProfile", "Slash",
    "Start", "Suggest", "Vet", "WithdrawRequest",
]
