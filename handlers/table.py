"""The one table: every command type, the one function that handles it, and the steps around it.

A newcomer reads here what happens for each way in; `execute` is the only caller of a use case.
Around the table, once: the person behind a command is recorded as seen (`records_person`), and
handlers/core.py dedupes updates, records chats and presents the answers. A slash command is made
by its `read` (`SLASH`), which parses its arguments; one that does not parse is `Malformed` and
answered here with its usage line: its use case never runs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from handlers import commands as c
from handlers.chat import Outcome
from handlers.context import Context
from handlers.corrections.record import note_candidate
from handlers.desk.agenda import build_agenda
from handlers.desk.concern import edit_concern
from handlers.desk.lists import list_concerns, list_volunteers, turn_page
from handlers.desk.marking import mark_concern
from handlers.desk.results import publish_results
from handlers.desk.secretaries import secretaries
from handlers.desk.setup import set_up, setup_step
from handlers.ports import UnitOfWork
from handlers.privacy.blank import blank_old_texts
from handlers.privacy.forget import forget_me, forget_person, forget_resident
from handlers.reports.digest import digest
from handlers.reports.export import ask_export, compute_export
from handlers.reports.open_list import list_open
from handlers.reports.report import ask_report, compute_report
from handlers.requests.ask import ask
from handlers.requests.cancel import cancel
from handlers.requests.claim import claim
from handlers.requests.complete import complete
from handlers.requests.decline import decline
from handlers.requests.escalate import escalate
from handlers.requests.expire import expire
from handlers.requests.follow_up import follow_up
from handlers.requests.post import post
from handlers.requests.release import release
from handlers.requests.withdraw import withdraw
from handlers.residents.home import set_home
from handlers.residents.lists import record_concern, record_offer
from handlers.suggestions.accept import accept
from handlers.suggestions.expire import expire_suggestion
from handlers.suggestions.suggest import suggest
from handlers.visits.answer import answer_visit, note_visit
from handlers.visits.remind import remind
from handlers.visits.roster import roster
from handlers.volunteers.guided import step
from handlers.volunteers.hours import hours, load, quiet
from handlers.volunteers.profile import me
from handlers.volunteers.register import register
from handlers.volunteers.serve import serve
from handlers.volunteers.vetting import vet
from handlers.welcome.start import help_, start

Handler = Callable[[Context, UnitOfWork, Any], Awaitable[Outcome]]


async def usage(ctx: Context, uow: UnitOfWork, command: c.Malformed) -> Outcome:
    """A slash command whose arguments did not read: its usage line, and nothing else."""
    return ctx.say(command.usage, **command.values)
C = TypeVar("C")


@dataclass(frozen=True, slots=True)
class Route:
    command: type[Any]
    handle: Handler
    records_person: bool = False  # the sender is recorded (name, username, started the bot) first
    slash: str | None = None  # the slash command that gives this command
    menu: bool = False  # advertised in the command menu (setMyCommands)
    helped: bool = False  # listed in /help, in this table's order


def route(command: type[C], handle: Callable[[Context, UnitOfWork, C], Awaitable[Outcome]], **how: Any) -> Route:
    """A row of the table, type-checked: `handle` takes the command it is filed under."""
    return Route(command, handle, **how)


ROUTES: tuple[Route, ...] = (
    # A request's life: words or buttons in a chat, then the ladder's timers.
    route(c.PostRequest, post, records_person=True),
    route(c.ClaimRequest, claim, records_person=True),
    route(c.CompleteRequest, complete, records_person=True),
    route(c.CancelRequest, cancel, records_person=True),
    route(c.ReleaseRequest, release, records_person=True),
    route(c.DeclineCall, decline, records_person=True),
    route(c.WithdrawRequest, withdraw, records_person=True),
    route(c.Escalate, escalate),
    route(c.FollowUp, follow_up),
    route(c.Expire, expire),
    # When the reader is unsure: ask the writer; what people's actions say is kept as a correction.
    route(c.Suggest, suggest, records_person=True),
    route(c.AcceptSuggestion, accept, records_person=True),
    route(c.ExpireSuggestion, expire_suggestion),
    route(c.NoteCandidate, note_candidate),
    # Residents' words that are not requests.
    route(c.RecordOffer, record_offer),
    route(c.RecordConcern, record_concern),
    # Slash commands, in the order of the menu and of /help.
    route(c.Start, start, slash="start"),
    route(c.Help, help_, slash="help", menu=True),
    route(c.Ask, ask, records_person=True, slash="ask", menu=True, helped=True),
    route(c.RegisterVolunteer, register, records_person=True, slash="volunteer", menu=True, helped=True),
    route(c.SetHome, set_home, records_person=True, slash="home", menu=True, helped=True),
    route(c.ListOpen, list_open, slash="open", menu=True, helped=True),
    route(c.ShowProfile, me, slash="me", menu=True, helped=True),
    route(c.SetHours, hours, slash="hours", menu=True, helped=True),
    route(c.SetQuiet, quiet, slash="quiet", menu=True, helped=True),
    route(c.SetLoad, load, slash="load", menu=True, helped=True),
    route(c.Serve, serve, slash="serve", menu=True, helped=True),
    route(c.Vet, vet, slash="vet", helped=True),
    route(c.AskReport, ask_report, slash="report", menu=True, helped=True),
    route(c.AskExport, ask_export, slash="export", menu=True, helped=True),
    # The secretary's desk: the resource list and the list of concerns (the demand list is /open), meetings.
    route(c.ListVolunteers, list_volunteers, slash="volunteers", helped=True),
    route(c.ListConcerns, list_concerns, slash="concerns", helped=True),
    route(c.EditConcern, edit_concern, slash="concern", helped=True),
    route(c.BuildAgenda, build_agenda, slash="agenda", helped=True),
    # The secretary's desk: visit rosters, chats bound without editing config, secretaries.
    route(c.Roster, roster, slash="roster", helped=True),
    route(c.SetUp, set_up, records_person=True, slash="setup", helped=True),
    route(c.Secretaries, secretaries, slash="secretary", helped=True),
    route(c.ForgetMe, forget_me, slash="forget", helped=True),
    # Any of them typed with arguments that do not read (its sender recorded as its own row says).
    route(c.Malformed, usage),
    # The guided sign-up's buttons.
    route(c.RegistrationStep, step, records_person=True),
    # The desk's buttons: ◀ ▶ under a list, a concern entry's status and owner.
    route(c.TurnPage, turn_page),
    route(c.MarkConcern, mark_concern, records_person=True),
    # Visit rosters: the timers' reminders, the carers' taps and notes; the setup's buttons.
    route(c.RemindVisit, remind),
    route(c.AnswerVisit, answer_visit, records_person=True),
    route(c.NoteVisit, note_visit),
    route(c.SetupStep, setup_step, records_person=True),
    # The secretaries' digest, the month's published results, the CLI's report and export.
    route(c.SendDigests, digest),
    route(c.PublishResults, publish_results),
    route(c.ComputeReport, compute_report),
    route(c.ComputeExport, compute_export),
    # Privacy: the operator's `jinlin forget`, and the daily retention.
    route(c.ForgetPerson, forget_person),
    route(c.ForgetResident, forget_resident),
    route(c.BlankOldTexts, blank_old_texts),
)

BY_TYPE: dict[type[Any], Route] = {r.command: r for r in ROUTES}
SLASH: dict[str, c.Reader] = {r.slash: r.command.read for r in ROUTES if r.slash is not None}  # name → its `read`
MENU: tuple[str, ...] = tuple(r.slash for r in ROUTES if r.menu and r.slash)  # setMyCommands, in order
HELPED: tuple[str, ...] = tuple(r.slash for r in ROUTES if r.helped and r.slash)  # the lines of /help


async def execute(ctx: Context, uow: UnitOfWork, command: c.Command) -> Outcome:
    """Run the one handler of `command` inside the caller's unit of work."""
    found = BY_TYPE[type(command)]
    person = BY_TYPE[command.of] if isinstance(command, c.Malformed) else found
    if person.records_person and isinstance(command, c.ByPerson):
        user = command.sender
        await uow.people.seen(user.user_id, user.name, user.username, started_bot=command.in_private)
    return await found.handle(ctx, uow, command)
