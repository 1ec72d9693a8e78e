"""Visit rosters (走访): vulnerable residents, each with a carer and a cadence (三天一联系,五天一上门).

Pure rules: when a contact or a visit falls due, what a reminder or a reported visit changes, and
when a visit is overdue. Dues fall on a local day at `Cadence.remind_at`, so a carer is reminded in
the morning of the day, not at the minute of the last visit. A visit counts as a contact too.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class Need(StrEnum):
    ELDERLY = "elderly"  # living alone (独居老人)
    DISABLED = "disabled"
    ILL = "ill"
    OTHER = "other"


class VisitAction(StrEnum):
    """The carer's one-tap answers under a reminder."""

    CONTACTED = "contacted"
    VISITED = "visited"
    NEEDS_HELP = "needs_help"


class VisitEventType(StrEnum):
    """Every step of a roster entry is one event (一事一记), like a request's."""

    ADDED = "added"
    REMINDED_CONTACT = "reminded_contact"
    REMINDED_VISIT = "reminded_visit"
    CONTACTED = "contacted"
    VISITED = "visited"
    NEEDS_HELP = "needs_help"
    NOTE = "note"
    OVERDUE = "overdue"
    OFF = "off"


class Due(StrEnum):
    CONTACT = "contact"
    VISIT = "visit"
    OVERDUE = "overdue"  # the visit is past its day by `overdue_after`: the secretaries are told


@dataclass(frozen=True, slots=True)
class Cadence:
    """The operator's defaults ([visits] in config.toml); each entry may set its own days."""

    contact_every: int = 3
    visit_every: int = 5
    remind_at: time = time(9, 0)  # local time on the day a contact or visit is due
    overdue_after: timedelta = timedelta(days=1)  # after the visit's due moment


@dataclass(frozen=True, slots=True)
class RosterEntry:
    id: int
    community: str
    compound: str
    building: str
    name: str  # how the secretary and the carer know the resident: never shown in a group
    need: Need
    carer_id: int
    carer_name: str
    contact_every: int
    visit_every: int
    added_by: int
    added_at: datetime
    contact_due_at: datetime
    visit_due_at: datetime
    contact_reminded: bool = False
    visit_reminded: bool = False
    overdue_told: bool = False
    next_due_at: datetime | None = None  # the sweep's timer: the earliest step still to take
    off_at: datetime | None = None  # taken off the roster


@dataclass(frozen=True, slots=True)
class VisitEvent:
    roster_id: int
    type: VisitEventType
    actor_id: int | None
    at: datetime
    detail: dict[str, object] = field(default_factory=dict)
    # The reminder a carer answered: a reply to that message adds a note.
    chat_id: int | None = None
    message_id: int | None = None


@dataclass(frozen=True, slots=True)
class VisitFigures:
    """Counted from the events of a period; `on_roster`: active entries now."""

    on_roster: int = 0
    contacts_due: int = 0
    contacts_done: int = 0
    visits_due: int = 0
    visits_done: int = 0
    visits_overdue: int = 0
    help_requests: int = 0

    def as_json(self) -> dict[str, int]:
        return asdict(self)


# Which event counts towards which of the VisitFigures (the others count towards none).
FIGURE_OF: dict[VisitEventType, str] = {
    VisitEventType.REMINDED_CONTACT: "contacts_due",
    VisitEventType.CONTACTED: "contacts_done",
    VisitEventType.REMINDED_VISIT: "visits_due",
    VisitEventType.VISITED: "visits_done",
    VisitEventType.OVERDUE: "visits_overdue",
    VisitEventType.NEEDS_HELP: "help_requests",
}


def due_day(after: datetime, days: int, cadence: Cadence, tz: ZoneInfo) -> datetime:
    """`days` local days after `after`, at the reminder hour (UTC)."""
    day = after.astimezone(tz).date() + timedelta(days=days)
    return datetime.combine(day, cadence.remind_at, tz).astimezone(UTC)


def registered(entry: RosterEntry, cadence: Cadence, tz: ZoneInfo) -> RosterEntry:
    """A new entry: the first contact is due at once (the carer is told about the resident), the
    first visit after its cadence."""
    added = replace(
        entry, contact_due_at=entry.added_at, visit_due_at=due_day(entry.added_at, entry.visit_every, cadence, tz)
    )
    return scheduled(added, cadence)


def due_step(entry: RosterEntry, now: datetime, cadence: Cadence) -> Due | None:
    """The step to take now, if any: a visit reminder before a contact one (it covers both)."""
    if entry.off_at is not None:
        return None
    if not entry.visit_reminded and entry.visit_due_at <= now:
        return Due.VISIT
    if not entry.contact_reminded and entry.contact_due_at <= now:
        return Due.CONTACT
    if not entry.overdue_told and entry.visit_due_at + cadence.overdue_after <= now:
        return Due.OVERDUE
    return None


def scheduled(entry: RosterEntry, cadence: Cadence) -> RosterEntry:
    """The entry with its timer set to the earliest step still to take (None: nothing left)."""
    moments = []
    if not entry.visit_reminded:
        moments.append(entry.visit_due_at)
    if not entry.contact_reminded:
        moments.append(entry.contact_due_at)
    if not entry.overdue_told:
        moments.append(entry.visit_due_at + cadence.overdue_after)
    next_due = min(moments) if moments and entry.off_at is None else None
    return replace(entry, next_due_at=next_due)


def taken(entry: RosterEntry, step: Due, now: datetime, cadence: Cadence) -> RosterEntry:
    """After the reminder (or the note to the secretaries) of `step` went out."""
    if step is Due.VISIT:
        # A visit reminder asks for the contact too, when that is due as well.
        contact_too = entry.contact_reminded or entry.contact_due_at <= now
        changed = replace(entry, visit_reminded=True, contact_reminded=contact_too)
    elif step is Due.CONTACT:
        changed = replace(entry, contact_reminded=True)
    else:
        changed = replace(entry, overdue_told=True)
    return scheduled(changed, cadence)


def answered(entry: RosterEntry, action: VisitAction, at: datetime, cadence: Cadence, tz: ZoneInfo) -> RosterEntry:
    """The carer reports a contact, a visit or a need: the next dues count from today.
    "Needs help" means they reached the resident: a contact."""
    next_contact = due_day(at, entry.contact_every, cadence, tz)
    changed = replace(entry, contact_due_at=next_contact, contact_reminded=False)
    if action is VisitAction.VISITED:
        changed = replace(
            changed, visit_due_at=due_day(at, entry.visit_every, cadence, tz), visit_reminded=False, overdue_told=False
        )
    return scheduled(changed, cadence)


def is_overdue(entry: RosterEntry, now: datetime, cadence: Cadence) -> bool:
    return entry.visit_due_at + cadence.overdue_after <= now


@dataclass(frozen=True, slots=True)
class Standing:
    """Where an entry stands today, for `/roster` and the digest."""

    entry: RosterEntry
    due_today: tuple[Due, ...]  # a visit and/or a contact due by the end of today
    overdue: bool


def standing(entry: RosterEntry, now: datetime, cadence: Cadence, tz: ZoneInfo) -> Standing:
    tonight = datetime.combine(now.astimezone(tz).date() + timedelta(days=1), time(0), tz)
    due = [Due.VISIT] if entry.visit_due_at < tonight else []
    due += [Due.CONTACT] if entry.contact_due_at < tonight else []
    return Standing(entry, tuple(due), is_overdue(entry, now, cadence))


ANSWER_BUTTON = "k"  # callback_data "k:<entry id>:<reminder event id>:<c|v|h>"
_ACTIONS = {"c": VisitAction.CONTACTED, "v": VisitAction.VISITED, "h": VisitAction.NEEDS_HELP}


def answer_button(entry_id: int, reminder_id: int, action: VisitAction) -> str:
    letter = next(k for k, v in _ACTIONS.items() if v is action)
    return f"{ANSWER_BUTTON}:{entry_id}:{reminder_id}:{letter}"


def parse_answer_button(data: str) -> tuple[int, int, VisitAction] | None:
    parts = data.split(":")
    if len(parts) != 4 or parts[0] != ANSWER_BUTTON or parts[3] not in _ACTIONS:
        return None
    if not all(p.isascii() and p.isdigit() and len(p) <= 12 for p in parts[1:3]):
        return None
    return int(parts[1]), int(parts[2]), _ACTIONS[parts[3]]


def reminder_ref(entry_id: int, reminder_id: int) -> str:
    """The outbox ref of one reminder message, so that an answer can redraw it."""
    return f"visit:{entry_id}:{reminder_id}"
