"""One transaction over every repository: state, events and outgoing actions commit together."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from handlers.ports.concerns import ConcernBook
from handlers.ports.desk import DeskStore
from handlers.ports.feedback import CorrectionLog, SuggestionStore
from handlers.ports.figures import FigureStore
from handlers.ports.grid import GridStore
from handlers.ports.privacy import PersonalData
from handlers.ports.records import (
    CallLog,
    EventLog,
    Lists,
    Outbox,
    PeopleRepository,
    ProcessedUpdates,
    VolunteerRepository,
)
from handlers.ports.requests import RequestRepository
from handlers.ports.visits import RosterStore


class UnitOfWork(Protocol):
    requests: RequestRepository
    people: PeopleRepository
    volunteers: VolunteerRepository
    calls: CallLog
    events: EventLog
    outbox: Outbox
    updates: ProcessedUpdates
    lists: Lists
    grid: GridStore
    suggestions: SuggestionStore
    corrections: CorrectionLog
    concern_book: ConcernBook
    figures: FigureStore
    rosters: RosterStore
    desk: DeskStore
    privacy: PersonalData

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed."""
        ...

    async def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...
