"""What the core needs besides storage: the time, the texts in the configured locale, the reader."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from handlers.chat import File, Keyboard
from handlers.domain import Concern, Report, Request, Volunteer, VolunteerRecord
from handlers.domain.concerns import Matter
from handlers.domain.desk import Agenda, DeskPage
from handlers.domain.exports import Table
from handlers.domain.figures import DayCount
from handlers.domain.visits import Standing
from handlers.understanding import Reading
from handlers.understanding.context import ReplyContext


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware UTC."""
        ...


class Reader(Protocol):
    """`handlers.understanding.read_message`, or a stand-in in tests (bootstrap.build(read=...)).

    `context` is who writes a reply to a request (handlers/intake/roles.py); None out of the blue."""

    def __call__(self, text: str, context: ReplyContext | None = None) -> Reading: ...


class Renderer(Protocol):
    """Texts and cards in the configured locale; all user text is escaped here."""

    def text(self, key: str, **values: object) -> str: ...

    def card(self, request: Request, called: Sequence[tuple[int, str]]) -> tuple[str, Keyboard]:
        """The group's card: phone numbers, codes and room numbers masked (understanding/privacy.py)."""
        ...

    def call(self, request: Request) -> tuple[str, Keyboard]:
        """The private message that calls one volunteer."""
        ...

    def follow_up(self, request: Request, *, in_group: bool = False) -> tuple[str, Keyboard]:
        """The private question to a claimer: done, more time, or release? (`in_group`: masked.)"""
        ...

    def details(self, request: Request) -> str:
        """The request in full, phone numbers and codes included: for its claimer, privately."""
        ...

    def escalation(self, request: Request, key: str) -> str:
        """A private note to a secretary about one request."""
        ...

    def open_list(self, requests: Sequence[Request], total: int) -> str: ...

    def report(self, report: Report) -> str: ...

    def category_of(self, word: str) -> str | None:
        """The category a word names, as a key ("repair") or in either locale ("维修")."""
        ...

    def profile(self, volunteer: Volunteer, record: VolunteerRecord | None) -> str: ...

    def digest(
        self, community: str, requests: Sequence[Request], concerns: Sequence[Concern] = (),
        visits: Sequence[Standing] = (),
    ) -> str:
        """The daily digest: open and overdue requests by building, oldest first; the concerns
        awaiting action; the visits due today or overdue."""
        ...

    def roster(self, standings: Sequence[Standing]) -> str:
        """`/roster`: who is on the visit roster, their carer and cadence, what is due or overdue."""
        ...

    def desk_page(self, page: DeskPage) -> str:
        """One page of a secretary's list: open requests, volunteers and offers, or concerns."""
        ...

    def concern_entry(self, matter: Matter) -> str:
        """One concern as its entry shows it: counts, status, owner, the latest note and outcome."""
        ...

    def agenda(self, agenda: Agenda) -> str:
        """The next residents' meeting's agenda."""
        ...


class FileMaker(Protocol):
    """Charts and spreadsheets in the configured locale (bot/files/); the core only hands over data."""

    def charts(self, report: Report, days: Sequence[DayCount]) -> list[File]:
        """PNG charts: requests and resolutions per day, by category, by building."""
        ...

    def workbook(self, tables: Sequence[Table], stem: str) -> File:
        """One XLSX, a sheet per table."""
        ...

    def csv_archive(self, tables: Sequence[Table], stem: str) -> File:
        """A zip of one CSV per table."""
        ...
