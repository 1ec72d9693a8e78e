"""Dialect switches the repositories share: ON CONFLICT inserts, statements built per dialect,
fresh ORM reads."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Executable, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

E = TypeVar("E", bound=Executable)


def per_dialect(build: Callable[[Any], E]) -> dict[str, E]:
    """A hot statement built once for each dialect (`build(postgresql)`, `build(sqlite)`): both
    spell ON CONFLICT the same way, through different classes. Run it with `for_session`."""
    return {"postgresql": build(postgresql), "sqlite": build(sqlite)}


def for_session(statements: Mapping[str, E], session: AsyncSession) -> E:
    """The one of `per_dialect`'s statements for the database this session is bound to."""
    return statements[session.get_bind().dialect.name]


def _insert(session: AsyncSession, table: type[DeclarativeBase]) -> Any:
    # Both dialects spell ON CONFLICT the same way, through different classes.
    if session.sync_session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


async def insert_ignore(
    session: AsyncSession,
    table: type[DeclarativeBase],
    values: Mapping[str, Any],
    conflict: Sequence[str],
) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True when the row was new."""
    stmt = _insert(session, table).values(**values).on_conflict_do_nothing(index_elements=list(conflict))
    result = await session.execute(stmt)
    return bool(getattr(result, "rowcount", 0) == 1)


async def upsert(
    session: AsyncSession,
    table: type[DeclarativeBase],
    values: Mapping[str, Any],
    conflict: Sequence[str],
    update: Callable[[Any], Mapping[str, Any]] | None = None,
) -> None:
    """INSERT … ON CONFLICT DO UPDATE. `update(excluded)` gives the SET clause; by default
    every non-key column takes the new value."""
    stmt = _insert(session, table).values(**values)
    if update is None:
        set_ = {k: getattr(stmt.excluded, k) for k in values if k not in conflict}
    else:
        set_ = dict(update(stmt.excluded))
    await session.execute(stmt.on_conflict_do_update(index_elements=list(conflict), set_=set_))


def columns(table: type[DeclarativeBase]) -> Any:
    """A Core SELECT of the table's columns: rows read by attribute like the mapped object, without
    the ORM's loading (identity map, instances), which costs more than the query on the hot path.
    Always fresh: no identity map to bypass."""
    return select(*table.__table__.columns)


def fresh(stmt: E) -> E:
    """Re-read rows even if this session has them: conditional UPDATEs bypass the identity map."""
    return stmt.execution_options(populate_existing=True)


def rowcount(result: Any) -> int:
    return int(result.rowcount)
