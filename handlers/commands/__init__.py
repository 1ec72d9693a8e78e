"""Every way in, as a typed command: what the use case needs to know, and nothing of how it came.

The transports' updates are read into these (handlers/intake/), the ladder's timers too
(handlers/ladder.py), and the CLI builds them directly; `handlers/table.py` maps each type to the
one function that handles it. Answers go back through the presenter, which knows how the command
came (a reply to words, a toast on a button), so the use cases never ask.

One module per source: people.py (words and buttons), slash.py (slash commands; those with typed
arguments, each read once by its `read`, in slash_people.py and slash_desk.py), timers.py (the
clock and the operator). A new command goes into the module of where it comes from, is named
here, and gets its row in handlers/table.py.
"""

from __future__ import annotations

from handlers.commands.desk import MarkConcern, TurnPage
from handlers.commands.people import (
    AcceptSuggestion,
    AnswerVisit,
    ByPerson,
    CancelRequest,
    ClaimRequest,
    CompleteRequest,
    DeclineCall,
    NoteCandidate,
    NoteVisit,
    OnRequest,
    PostRequest,
    RecordConcern,
    RecordOffer,
    RegistrationStep,
    ReleaseRequest,
    SetupStep,
    Suggest,
    WithdrawRequest,
)
from handlers.commands.slash import (
    CommandCall,
    Help,
    ListConcerns,
    ListOpen,
    ListVolunteers,
    Malformed,
    Reader,
    ShowProfile,
    Slash,
)
from handlers.commands.slash_desk import AskExport, AskReport, BuildAgenda, EditConcern, Roster, Secretaries, SetUp
from handlers.commands.slash_people import (
    Ask,
    ForgetMe,
    RegisterVolunteer,
    Serve,
    SetHome,
    SetHours,
    SetLoad,
    SetQuiet,
    Start,
    Vet,
)
from handlers.commands.timers import (
    BlankOldTexts,
    ComputeExport,
    ComputeReport,
    Escalate,
    Expire,
    ExpireSuggestion,
    FollowUp,
    ForgetPerson,
    ForgetResident,
    PublishResults,
    RemindVisit,
    SendDigests,
)

Command = (
    PostRequest | OnRequest | RecordOffer | RecordConcern | RegistrationStep | Slash
    | Suggest | AcceptSuggestion | NoteCandidate | TurnPage | MarkConcern
    | AnswerVisit | NoteVisit | SetupStep
    | Escalate | Expire | FollowUp | ExpireSuggestion | SendDigests | ComputeReport | ComputeExport
    | RemindVisit | PublishResults | ForgetPerson | ForgetResident | BlankOldTexts
)

__all__ = [
    "AcceptSuggestion",
    "AnswerVisit",
    "Ask",
    "AskExport",
    "AskReport",
    "BlankOldTexts",
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
    "ForgetMe",
    "ForgetPerson",
    "ForgetResident",
    "Help",
    "ListConcerns",
    "ListOpen",
    "ListVolunteers",
    "Malformed",
    "MarkConcern",
    "NoteCandidate",
    "NoteVisit",
    "OnRequest",
    "PostRequest",
    "PublishResults",
    "Reader",
    "RecordConcern",
    "RecordOffer",
    "RegisterVolunteer",
    "RegistrationStep",
    "ReleaseRequest",
    "RemindVisit",
    "Roster",
    "Secretaries",
    "SendDigests",
    "Serve",
    "SetHome",
    "SetHours",
    "SetLoad",
    "SetQuiet",
    "SetUp",
    "SetupStep",
    "ShowProfile",
    "Slash",
    "Start",
    "Suggest",
    "TurnPage",
    "Vet",
    "WithdrawRequest",
]
