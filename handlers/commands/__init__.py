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

from handlers.commands.desk import MarkConcern, TurnPage
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
    AskExport,
    AskReport,
    BuildAgenda,
    CommandCall,
    EditConcern,
    Help,
    ListConcerns,
    ListOpen,
    ListVolunteers,
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
    ComputeExport,
    ComputeReport,
    Escalate,
    Expire,
    ExpireSuggestion,
    FollowUp,
    SendDigests,
)

Command = (
    PostRequest | OnRequest | RecordOffer | RecordConcern | RegistrationStep | Slash
    | Suggest | AcceptSuggestion | NoteCandidate | TurnPage | MarkConcern
    | Escalate | Expire | FollowUp | ExpireSuggestion | SendDigests | ComputeReport | ComputeExport
)

__all__ = [
    "AcceptSuggestion",
    "Ask",
    "AskExport",
    "AskReport",
    "BuildAgenda",
    "ByPerson",
    "CancelRequest",
    "ClaimRequest",
    "Command",
    "CommandCall",
    "CompleteRequest",
    "ComputeExport",
    "ComputeReport",
    "DeclineCall",
    "EditConcern",
    "Escalate",
    "Expire",
    "ExpireSuggestion",
    "FollowUp",
    "Help",
    "ListConcerns",
    "ListOpen",
    "ListVolunteers",
    "MarkConcern",
    "NoteCandidate",
    "OnRequest",
    "PostRequest",
    "RecordConcern",
    "RecordOffer",
    "RegisterVolunteer",
    "RegistrationStep",
    "ReleaseRequest",
    "SendDigests",
    "Serve",
    "SetHome",
    "SetHours",
    "SetLoad",
    "SetQuiet",
    "ShowProfile",
    "Slash",
    "Start",
    "Suggest",
    "TurnPage",
    "Vet",
    "WithdrawRequest",
]
