"""What `/export` and `jinlin export` write: one table per sheet (and per CSV in the zip).

Times are local (Excel knows no time zones) as "YYYY-MM-DD HH:MM:SS"; a column's header is its
key, which the file maker may translate (bot/files/).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.domain.lists import Concern
from handlers.domain.request import Event, Request
from handlers.domain.visits import RosterEntry, VisitEvent

Cell = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class Table:
    name: str  # the sheet's name, and the CSV's in the zip
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]] = field(default_factory=list)


REQUEST_COLUMNS = (
    "id", "posted_at", "status", "community", "compound", "building", "category", "urgent", "emergency",
    "requester", "text", "claimed_at", "closed_at", "helped_by", "ring",
)  # fmt: skip
EVENT_COLUMNS = ("request_id", "at", "type", "actor_id")
CONCERN_COLUMNS = ("at", "chat_id", "user_id", "building", "category", "text")
# The resident is named (exports go only to a secretary, privately) but their need is not: it is
# not needed to check the visits and the files travel further than the roster.
VISIT_COLUMNS = ("at", "resident", "compound", "building", "carer", "type", "note")


def local(moment: datetime | None, tz: ZoneInfo) -> str | None:
    # isoformat, cut before the offset: the same text as strftime("%Y-%m-%d %H:%M:%S"), twice as fast.
    return None if moment is None else moment.astimezone(tz).isoformat(" ", "seconds")[:19]


def requests_table(requests: Iterable[Request], helped_by: Mapping[int, Sequence[str]], tz: ZoneInfo) -> Table:
    rows: list[tuple[Cell, ...]] = [
        (
            r.id, local(r.posted_at, tz), r.status.value, r.community, r.compound, r.building, r.category,
            r.urgent, r.emergency, r.requester_name, r.text, local(r.claimed_at, tz), local(r.closed_at, tz),
            ", ".join(helped_by.get(r.id, ())), r.ring,
        )
        for r in requests
    ]
    return Table("requests", REQUEST_COLUMNS, rows)


def events_table(events: Iterable[Event], tz: ZoneInfo) -> Table:
    rows: list[tuple[Cell, ...]] = [
        (e.request_id, local(e.at, tz), e.type.value, e.actor_id) for e in events
    ]
    return Table("events", EVENT_COLUMNS, rows)


def concerns_table(concerns: Iterable[Concern], tz: ZoneInfo) -> Table:
    rows: list[tuple[Cell, ...]] = [
        (local(c.at, tz), c.chat_id, c.user_id, c.building, c.category, c.text) for c in concerns
    ]
    return Table("concerns", CONCERN_COLUMNS, rows)


def visit_note(event: VisitEvent) -> str | None:
    """A note's text, or the request a "needs help" opened."""
    text, request_id = event.detail.get("text"), event.detail.get("request_id")
    if isinstance(text, str):
        return text
    return f"#{request_id}" if isinstance(request_id, int) else None


def visits_table(logged: Iterable[tuple[RosterEntry, VisitEvent]], tz: ZoneInfo) -> Table:
    rows: list[tuple[Cell, ...]] = [
        (local(e.at, tz), r.name, r.compound, r.building, r.carer_name, e.type.value, visit_note(e))
        for r, e in logged
    ]
    return Table("visits", VISIT_COLUMNS, rows)


def export_tables(
    requests: Sequence[Request], helped_by: Mapping[int, Sequence[str]], events: Sequence[Event],
    concerns: Sequence[Concern], visits: Sequence[tuple[RosterEntry, VisitEvent]], tz: ZoneInfo,
) -> list[Table]:
    return [
        requests_table(requests, helped_by, tz), events_table(events, tz), concerns_table(concerns, tz),
        visits_table(visits, tz),
    ]  # fmt: skip
