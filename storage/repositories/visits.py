"""RosterStore on SQL: the visit roster, its events, and the visit figures counted in SQL."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.domain.visits import FIGURE_OF, Need, RosterEntry, VisitEvent, VisitEventType, VisitFigures
from storage.repositories._sql import fresh
from storage.visit_tables import RosterRow, VisitEventRow

_COLUMNS = [f.name for f in fields(RosterEntry) if f.name != "id"]

class SqlRosterStore:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, entry: RosterEntry) -> RosterEntry:
        new_id = await self._s.scalar(insert(RosterRow).values(**_values(entry)).returning(RosterRow.id))
        assert new_id is not None
        return replace(entry, id=int(new_id))

    async def get(self, entry_id: int) -> RosterEntry | None:
        row = await self._s.scalar(fresh(select(RosterRow).where(RosterRow.id == entry_id)))
        return None if row is None else _entry(row)

    async def save(self, entry: RosterEntry) -> None:
        await self._s.execute(
            update(RosterRow).where(RosterRow.id == entry.id).values(**_values(entry))
            .execution_options(synchronize_session=False)
        )

    async def active(self, communities: Collection[str]) -> list[RosterEntry]:
        if not communities:
            return []
        rows = await self._s.scalars(
            fresh(
                select(RosterRow)
                .where(RosterRow.community.in_(list(communities)), RosterRow.off_at.is_(None))
                .order_by(RosterRow.community, RosterRow.compound, RosterRow.building, RosterRow.id)
            )
        )
        return [_entry(r) for r in rows]

    async def due(self, now: datetime, limit: int) -> list[RosterEntry]:
        rows = await self._s.scalars(
            fresh(
                select(RosterRow)
                .where(RosterRow.off_at.is_(None), RosterRow.next_due_at <= now)
                .order_by(RosterRow.next_due_at, RosterRow.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        return [_entry(r) for r in rows]

    async def log(self, event: VisitEvent) -> int:
        new_id = await self._s.scalar(
            insert(VisitEventRow)
            .values(
                roster_id=event.roster_id, type=event.type.value, actor_id=event.actor_id, at=event.at,
                detail=dict(event.detail), chat_id=event.chat_id, message_id=event.message_id,
            )
            .returning(VisitEventRow.id)
        )
        assert new_id is not None
        return int(new_id)

    async def answered_on(self, chat_id: int, message_id: int) -> VisitEvent | None:
        row = await self._s.scalar(
            select(VisitEventRow)
            .where(VisitEventRow.chat_id == chat_id, VisitEventRow.message_id == message_id)
            .order_by(VisitEventRow.id.desc())
            .limit(1)
        )
        return None if row is None else _event(row)

    async def history(self, entry_id: int) -> list[VisitEvent]:
        rows = await self._s.scalars(
            select(VisitEventRow).where(VisitEventRow.roster_id == entry_id).order_by(VisitEventRow.id)
        )
        return [_event(r) for r in rows]

    async def figures(
        self, since: datetime | None, until: datetime, communities: Collection[str] | None
    ) -> VisitFigures:
        counted = (
            select(VisitEventRow.type, func.count())
            .join(RosterRow, RosterRow.id == VisitEventRow.roster_id)
            .where(VisitEventRow.at < until, VisitEventRow.type.in_([t.value for t in FIGURE_OF]))
            .group_by(VisitEventRow.type)
        )
        on_roster = select(func.count()).select_from(RosterRow).where(RosterRow.off_at.is_(None))
        if since is not None:
            counted = counted.where(VisitEventRow.at >= since)
        if communities is not None:
            counted = counted.where(RosterRow.community.in_(list(communities)))
            on_roster = on_roster.where(RosterRow.community.in_(list(communities)))
        values: dict[str, int] = {FIGURE_OF[VisitEventType(t)]: int(n) for t, n in await self._s.execute(counted)}
        return VisitFigures(on_roster=int(await self._s.scalar(on_roster) or 0), **values)

    async def logged(
        self, since: datetime | None, until: datetime | None, communities: Collection[str]
    ) -> list[tuple[RosterEntry, VisitEvent]]:
        if not communities:
            return []
        query = (
            select(RosterRow, VisitEventRow)
            .join(RosterRow, RosterRow.id == VisitEventRow.roster_id)
            .where(RosterRow.community.in_(list(communities)))
            .order_by(VisitEventRow.at, VisitEventRow.id)
        )
        if since is not None:
            query = query.where(VisitEventRow.at >= since)
        if until is not None:
            query = query.where(VisitEventRow.at < until)
        return [(_entry(r), _event(e)) for r, e in await self._s.execute(fresh(query))]


def _values(entry: RosterEntry) -> dict[str, Any]:
    values = {name: getattr(entry, name) for name in _COLUMNS}
    values["need"] = entry.need.value
    return values


def _entry(row: RosterRow) -> RosterEntry:
    values = {name: getattr(row, name) for name in _COLUMNS}
    values["need"] = Need(row.need)
    return RosterEntry(id=row.id, **values)


def _event(row: VisitEventRow) -> VisitEvent:
    return VisitEvent(
        row.roster_id, VisitEventType(row.type), row.actor_id, row.at, dict(row.detail or {}), row.chat_id,
        row.message_id,
    )
