"""Rows that are written later, many in one statement: the events and outbox items of an update.

A use case adds them one by one (a request's two events, its card and three calls); each add
used to be its own INSERT. They wait in the session instead and go in one INSERT per table
(an executemany) just before the session's next statement of any kind, or at the commit: every
statement still sees them (nothing reads its own transaction differently) and the transaction
commits them with everything else. A statement that names the only tables it reads (`reads`),
none of them waiting, leaves them waiting: a new request's volunteers are looked up between its
events, and the events still go in one INSERT.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Executable, Table, event, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session

_KEY = "jinlin.pending"
_READS = "jinlin.reads"
E = TypeVar("E", bound=Executable)
# The chat of the transaction's update, when its handled mark found it open (not closed to the
# bot): repositories/logs.py sets it, repositories/grid.py reads it.
OPEN_CHAT = "jinlin.open_chat"


class BufferedSession(Session):
    """The unit of work's session: `later` rows are flushed before its next statement."""


def later(session: AsyncSession, table: Table, values: dict[str, Any]) -> None:
    pending: dict[Table, list[dict[str, Any]]] = session.sync_session.info.setdefault(_KEY, {})
    pending.setdefault(table, []).append(values)


@cache
def _insert(table: Table) -> Any:
    """One INSERT per table, built once (an executemany of its rows)."""
    return insert(table)


def reads(stmt: E, *tables: Table) -> E:
    """`stmt`, which reads `tables` and no others: what waits for other tables may wait on."""
    return stmt.execution_options(**{_READS: frozenset(tables)})


def _take(session: Session) -> dict[Table, list[dict[str, Any]]]:
    pending: dict[Table, list[dict[str, Any]]] = session.info.pop(_KEY, None) or {}
    return pending


async def write_pending(session: AsyncSession) -> None:
    """Before the commit, and before a savepoint (whose rollback would take them back too)."""
    for table, rows in _take(session.sync_session).items():
        await session.execute(_insert(table), rows)


@event.listens_for(BufferedSession, "do_orm_execute")
def _before_statement(state: ORMExecuteState) -> None:
    # Runs inside the session's greenlet, so the synchronous execute is the async one underneath.
    pending = state.session.info.get(_KEY)
    if not pending:
        return
    tables = state.execution_options.get(_READS)
    if tables is not None and tables.isdisjoint(pending):
        return
    for table, rows in _take(state.session).items():
        state.session.execute(_insert(table), rows)
