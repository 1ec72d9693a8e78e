"""Slash commands: the call as typed, and one subclass per command (handlers/table.py files each).

The subclasses are declared one a line: each differs from the others only in its name and what its
docstring says it does, so they read as the table they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.chat import ChatMessage
from handlers.commands.people import ByPerson


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


class Start(Slash): """`/start`, and the deep link `/start volunteer` into the guided sign-up."""
class Help(Slash): """`/help`: composed from the table's order."""
class RegisterVolunteer(Slash): """`/volunteer <building> [skills…]`, `/volunteer off` · `on`."""
class SetHome(Slash): """`/home <building>`: a resident's building, for requests that name none."""
class ListOpen(Slash): """`/open`: the open requests of this compound, or of a secretary's communities."""
class AskReport(Slash): """`/report [period] [building N] [category] [chart]`: figures or charts, for secretaries."""
class AskExport(Slash): """`/export [period]`: CSV and XLSX of the period's records, privately to a secretary."""
class ShowProfile(Slash): """`/me`: a volunteer's profile, claims and record."""
class SetHours(Slash): """`/hours 18:00-22:00[,…]` · `/hours any`."""
class SetQuiet(Slash): """`/quiet 22:00-07:00` · `/quiet off`."""
class SetLoad(Slash): """`/load <1-5>`: most requests held at once."""
class Serve(Slash): """`/serve` · `/serve off`: 双报到, also serve this group's community."""
class Vet(Slash): """`/vet <user id>` · `/vet off <user id>`: a secretary vouches for a volunteer."""
class Ask(Slash): """`/ask <what you need>`: a request, whatever the reader makes of the words."""
class ListVolunteers(Slash): """`/volunteers`: 资源清单, volunteers by building and skill, offers posted."""
class ListConcerns(Slash): """`/concerns`: 民情清单, each concern, how many raised it, status, owner."""
class EditConcern(Slash): """`/concern N [status S | owner me|@user|id | note TEXT | outcome TEXT]` (secretaries)."""
class BuildAgenda(Slash): """`/agenda [YYYY-MM-DD]`: the next meeting's agenda from open concerns (secretaries)."""
class Roster(Slash): """`/roster` · `/roster add <building> <carer> <name…> [N/M] [need]` · `/roster off <n>`."""
class SetUp(Slash): """`/setup` in a group not yet configured: bind it to a compound (buttons, or typed)."""
class Secretaries(Slash): """`/secretary` · `/secretary add <id|@user>` · `/secretary remove <id|@user>`."""
class ForgetMe(Slash): """`/forget yes` in private: a resident forgets themselves (`jinlin forget` for them)."""
