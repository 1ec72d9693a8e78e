"""What the core needs besides storage: the time, the texts in the configured locale, the reader."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from handlers.chat import Keyboard
from handlers.domain import Report, Request, Volunteer, VolunteerRecord
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

    def profile(self, volunteer: Volunteer, record: VolunteerRecord | None) -> str: ...

    def digest(self, community: str, requests: Sequence[Request]) -> str:
        """The daily digest: open and overdue requests by building, oldest first."""
        ...
