"""The secretary's slash commands whose arguments are read into typed fields (see slash_people.py):
`/concern N …`, `/agenda [date]`, `/secretary …`, `/roster …`, `/setup …`, and `/report` and
`/export` with their words. Who may use them, and what exists, the use cases judge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from handlers.chat import ChatMessage, Sender
from handlers.commands.slash import CommandCall, Malformed, Slash
from handlers.domain.concerns import ConcernStatus, MatterEventType
from handlers.domain.roster_args import ADD_WORDS as ROSTER_ADD
from handlers.domain.roster_args import OFF_WORDS as ROSTER_OFF
from handlers.domain.roster_args import AddArgs, entry_number, parse_add

TEXT_LIMIT = 1000  # a note's or an outcome's words, kept
SECRETARY_ADD, SECRETARY_REMOVE = ("add", "添加", "加"), ("remove", "off", "删除", "移除")
MAX_ROSTER_ARGS = 20
MAX_SETUP_BUILDINGS = 200
_WRITTEN = {MatterEventType.NOTE.value: MatterEventType.NOTE, MatterEventType.OUTCOME.value: MatterEventType.OUTCOME}
_STATUSES = {s.value: s for s in ConcernStatus} | {"inhand": ConcernStatus.IN_HAND, "in-hand": ConcernStatus.IN_HAND}
_STATUSES_SHOWN = ("tabled", "in_hand", "fixed", "declined", "raised")


@dataclass(frozen=True, slots=True)
class ShowEntry:
    """Nothing after the number: the entry is shown."""


@dataclass(frozen=True, slots=True)
class NewStatus:
    to: ConcernStatus


@dataclass(frozen=True, slots=True)
class NewOwner:
    who: str  # "me", "@username" or a user id, as typed: the use case finds them


@dataclass(frozen=True, slots=True)
class Written:
    kind: MatterEventType  # a note, or the outcome
    text: str


ConcernChange = ShowEntry | NewStatus | NewOwner | Written


@dataclass(frozen=True, slots=True)
class EditConcern(Slash):
    """`/concern N [status S | owner me|@user|id | note TEXT | outcome TEXT]` (secretaries)."""

    matter_id: int
    change: ConcernChange

    @classmethod
    def read(cls, sender: Sender, in_private: bool, message: ChatMessage, call: CommandCall) -> Slash:
        args = call.args
        number = args[0].lstrip("#") if args else ""
        change = _change(call) if args else None
        if not (number.isascii() and number.isdigit()) or len(args[0]) > 9 or change is None:
            statuses = " | ".join(_STATUSES_SHOWN)
            return Malformed(sender, in_private, message, call, cls, "concern_usage", {"statuses": statuses})
        return cls(sender, in_private, message, call, int(number), change)


def _change(call: CommandCall) -> ConcernChange | None:
    """What follows the number; None when it does not read."""
    rest = call.args[1:]
    if not rest:
        return ShowEntry()
    verb = rest[0].lower()
    if verb in _WRITTEN:
        text = call.payload.split(maxsplit=2)[2].strip() if len(rest) > 1 else ""
        return Written(_WRITTEN[verb], text[:TEXT_LIMIT]) if text else None
    if verb == "status" and len(rest) == 2 and rest[1].lower() in _STATUSES:
        return NewStatus(_STATUSES[rest[1].lower()])
    if verb == "owner" and len(rest) == 2:
        return NewOwner(rest[1])
    return None


@dataclass(frozen=True, slots=True)
class BuildAgenda(Slash):
    """`/agenda [YYYY-MM-DD]`: the next meeting's agenda from open concerns (secretaries)."""

    meeting: date | None  # None: no date set; a date past is refused by the use case (it knows today)

    @classmethod
    def read(cls, sender: Sender, in_private: bool, message: ChatMessage, call: CommandCall) -> Slash:
        if not call.args:
            return cls(sender, in_private, message, call, None)
        try:
            meeting = date.fromisoformat(call.args[0])
        except ValueError:
            meeting = None
        if meeting is None or len(call.args) > 1:
            return Malformed(sender, in_private, message, call, cls, "agenda_usage")
        return cls(sender, in_private, message, call, meeting)


@dataclass(frozen=True, slots=True)
class SecretaryChange:
    add: bool  # else remove
    who: str  # `@username` or a user id, as typed: the use case finds them
    community: str  # named after the person ("" when not), for a secretary of several


@dataclass(frozen=True, slots=True)
class Secretaries(Slash):
    """`/secretary` · `/secretary add <id|@user>` · `/secretary remove <id|@user>`."""

    change: SecretaryChange | None  # None: list the secretaries

    @classmethod
    def read(cls, sender: Sender, in_private: bool, message: ChatMessage, call: CommandCall) -> Slash:
        args = call.args
        if not args:
            return cls(sender, in_private, message, call, None)
        verb = args[0].lower()
        if verb not in SECRETARY_ADD + SECRETARY_REMOVE or len(args) < 2:
            return Malformed(sender, in_private, message, call, cls, "secretary_usage")
        change = SecretaryChange(verb in SECRETARY_ADD, args[1], " ".join(args[2:]))
        return cls(sender, in_private, message, call, change)


@dataclass(frozen=True, slots=True)
class TakeOff:
    number: int  # the roster entry's


@dataclass(frozen=True, slots=True)
class Roster(Slash):
    """`/roster` · `/roster add <building> <carer> <name…> [N/M] [need]` · `/roster off <n>`."""

    change: AddArgs | TakeOff | None  # None: list the roster

    @classmethod
    def read(cls, sender: Sender, in_private: bool, message: ChatMessage, call: CommandCall) -> Slash:
        args = call.args
        if not args:
            return cls(sender, in_private, message, call, None)
        verb, rest = args[0].lower(), args[1:]
        change: AddArgs | TakeOff | None = None
        if verb in ROSTER_ADD:
            change = parse_add(rest)
        elif verb in ROSTER_OFF and (number := entry_number(rest)) is not None:
            change = TakeOff(number)
        if change is None or len(args) > MAX_ROSTER_ARGS:
            return Malformed(sender, in_private, message, call, cls, "roster_usage")
        return cls(sender, in_private, message, call, change)


@dataclass(frozen=True, slots=True)
class SetUp(Slash):
    """`/setup` in a group not yet configured: bind it to a compound (buttons, or typed)."""

    compound: str | None  # typed `/setup <compound> [buildings…]`; None: the buttons
    buildings: tuple[str, ...]  # as typed, "号楼" and "栋" dropped, without repeats

    @classmethod
    def read(cls, sender: Sender, in_private: bool, message: ChatMessage, call: CommandCall) -> Slash:
        if not call.args:
            return cls(sender, in_private, message, call, None, ())
        name, *typed = call.args
        buildings = [b.removesuffix("号楼").removesuffix("栋") for b in typed]
        if len(buildings) > MAX_SETUP_BUILDINGS or len(name) > 64 or any(len(b) > 32 for b in buildings):
            return Malformed(sender, in_private, message, call, cls, "setup_usage")
        return cls(sender, in_private, message, call, name, tuple(dict.fromkeys(buildings)))


@dataclass(frozen=True, slots=True)
class AskReport(Slash):
    """`/report [period] [building N] [category] [chart]`: figures or charts, for secretaries."""

    # The words as typed: which period, building and category they name depends on the clock, on
    # the buildings of the asker's communities and on the catalogue's words in every locale, so
    # the use case reads them (handlers/domain/report_args.py), as it does `jinlin report`'s.
    words: tuple[str, ...]

    @classmethod
    def read(cls, sender: Sender, in_private: bool, message: ChatMessage, call: CommandCall) -> Slash:
        return cls(sender, in_private, message, call, call.args)


@dataclass(frozen=True, slots=True)
class AskExport(Slash):
    """`/export [period]`: CSV and XLSX of the period's records, privately to a secretary."""

    words: tuple[str, ...]  # as `AskReport`'s

    @classmethod
    def read(cls, sender: Sender, in_private: bool, message: ChatMessage, call: CommandCall) -> Slash:
        return cls(sender, in_private, message, call, call.args)
