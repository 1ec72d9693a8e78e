"""Slash commands: the call as typed, and one subclass per command (handlers/table.py files each).

The subclasses without arguments of their own are declared one a line: each differs from the others
only in its name and what its docstring says it does, so they read as the table they are. Those
whose arguments are read into typed fields are in slash_people.py and slash_desk.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from handlers.chat import ChatMessage, Sender
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
    """A slash command; each one is its own subclass, named in handlers/table.py.

    `read` is how a command is made from what was typed (handlers/table.py `SLASH`): a command
    with arguments reads them into its own typed fields, once, and a call whose arguments do not
    read is `Malformed` instead, answered by the command's usage line before any use case runs."""

    message: ChatMessage
    call: CommandCall

    @classmethod
    def read(cls, sender: Sender, in_private: bool, message: ChatMessage, call: CommandCall) -> Slash:
        return cls(sender, in_private, message, call)


@dataclass(frozen=True, slots=True)
class Malformed(Slash):
    """A slash command whose arguments do not read: `of` is the command, `usage` its usage line's
    text key (with `values`); handlers/table.py answers it without running the command."""

    of: type[Slash]
    usage: str
    values: dict[str, object] = field(default_factory=dict)


Reader = Callable[[Sender, bool, ChatMessage, CommandCall], Slash]  # Slash.read, per command


class Help(Slash): """`/help`: composed from the table's order."""
class ListOpen(Slash): """`/open`: the open requests of this compound, or of a secretary's communities."""
class ShowProfile(Slash): """`/me`: a volunteer's profile, claims and record."""
class ListVolunteers(Slash): """`/volunteers`: 资源清单, volunteers by building and skill, offers posted."""
class ListConcerns(Slash): """`/concerns`: 民情清单, each concern, how many raised it, status, owner."""
