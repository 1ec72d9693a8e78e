"""The unit of work: one session, one transaction, repositories sharing it."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from handlers.ports import UnitOfWork, UnitOfWorkFactory
from storage.repositories import (
    SqlCallLog,
    SqlEventLog,
    SqlLists,
    SqlOutbox,
    SqlPeopleRepository,
    SqlProcessedUpdates,
    SqlRequestRepository,
    SqlVolunteerRepository,
)
from storage.repositories._pending import BufferedSession, write_pending
from storage.repositories.concerns import SqlConcernBook
from storage.repositories.desk import SqlDeskStore
from storage.repositories.feedback import SqlCorrectionLog, SqlSuggestionStore
from storage.repositories.figures import SqlFigureStore
from storage.repositories.grid import SqlGridStore
from storage.repositories.privacy import SqlPersonalData
from storage.repositories.visits import SqlRosterStore


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Repositories hand out domain objects, never ORM rows, so nothing needs refreshing after
    # commit; expiring would only invite lazy loads, which asyncio forbids.
    # BufferedSession: events and outbox items go in one INSERT each (repositories/_pending.py).
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False, sync_session_class=BufferedSession)


class SqlUnitOfWork(UnitOfWork):
    # Subclassing the port gives its attribute types, so mypy checks each repository assigned
    # below against its Protocol without the list being written twice.

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        session = self._session = self._sessions()
        self.requests = SqlRequestRepository(session)
        self.people = SqlPeopleRepository(session)
        self.volunteers = SqlVolunteerRepository(session)
        self.calls = SqlCallLog(session)
        self.events = SqlEventLog(session)
        self.outbox = SqlOutbox(session)
        self.updates = SqlProcessedUpdates(session)
        self.lists = SqlLists(session)
        self.grid = SqlGridStore(session)
        self.suggestions = SqlSuggestionStore(session)
        self.corrections = SqlCorrectionLog(session)
        self.concern_book = SqlConcernBook(session)
        self.figures = SqlFigureStore(session)
        self.rosters = SqlRosterStore(session)
        self.desk = SqlDeskStore(session)
        self.privacy = SqlPersonalData(session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._session is not None:
            # close() rolls back whatever was not committed and returns the connection.
            await self._session.close()
            self._session = None

    async def commit(self) -> None:
        if self._session is None:
            raise RuntimeError("commit() outside `async with`")
        await write_pending(self._session)
        await self._session.commit()


class SqlUnitOfWorkFactory:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    def __call__(self) -> UnitOfWork:
        return SqlUnitOfWork(self._sessions)


def sql_uow_factory(engine: AsyncEngine) -> UnitOfWorkFactory:
    return SqlUnitOfWorkFactory(session_factory(engine))
