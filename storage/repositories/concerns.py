"""ConcernBook on SQL: the matters of the 民情清单 and their log."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.domain.concerns import ConcernStatus, Matter, MatterEvent, MatterEventType
from handlers.domain.lists import Concern
from storage.concern_tables import ConcernRow, MatterEventRow, MatterRow
from storage.repositories._sql import fresh

_OPEN = [s.value for s in ConcernStatus if s.is_open]


def _values(m: Matter) -> dict[str, Any]:
    return {
        "community": m.community, "compound": m.compound, "building": m.building, "category": m.category,
        "text": m.text, "status": m.status.value, "raised": m.raised, "residents": m.residents,
        "chats": list(m.chats), "owner_id": m.owner_id, "owner_name": m.owner_name, "note": m.note,
        "outcome": m.outcome, "meeting": m.meeting, "first_at": m.first_at, "last_at": m.last_at,
        "closed_at": m.closed_at,
    }


def _matter(r: MatterRow) -> Matter:
    return Matter(
        r.id, r.community, r.compound, r.building, r.category, r.text, ConcernStatus(r.status), r.first_at,
        r.last_at, r.raised, r.residents, tuple(int(c) for c in r.chats), r.owner_id, r.owner_name, r.note,
        r.outcome, r.meeting, r.closed_at,
    )


def concern_of(r: ConcernRow) -> Concern:
    return Concern(
        r.chat_id, r.user_id, r.text, r.category, r.building, r.at, r.message_id, r.matter_id, r.community, r.compound
    )


class SqlConcernBook:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, matter: Matter) -> Matter:
        new_id = await self._s.scalar(insert(MatterRow).values(**_values(matter)).returning(MatterRow.id))
        assert new_id is not None
        found = await self.get(int(new_id))
        assert found is not None
        return found

    async def get(self, matter_id: int) -> Matter | None:
        row = await self._s.scalar(fresh(select(MatterRow).where(MatterRow.id == matter_id)))
        return None if row is None else _matter(row)

    async def save(self, matter: Matter) -> None:
        await self._s.execute(
            update(MatterRow)
            .where(MatterRow.id == matter.id)
            .values(**_values(matter))
            .execution_options(synchronize_session=False)
        )

    async def open_like(self, compound: str | None, category: str | None) -> list[Matter]:
        rows = await self._s.scalars(
            fresh(
                select(MatterRow)
                .where(
                    MatterRow.compound.is_(None) if compound is None else MatterRow.compound == compound,
                    MatterRow.category.is_(None) if category is None else MatterRow.category == category,
                    MatterRow.status.in_(_OPEN),
                )
                .order_by(MatterRow.residents.desc(), MatterRow.raised.desc(), MatterRow.id)
            )
        )
        return [_matter(r) for r in rows]

    async def listed(self, communities: Collection[str], compound: str | None = None) -> list[Matter]:
        stmt = select(MatterRow).where(MatterRow.community.in_(list(communities)))
        if compound is not None:
            stmt = stmt.where(MatterRow.compound == compound)
        return [_matter(r) for r in await self._s.scalars(fresh(stmt.order_by(MatterRow.id)))]

    async def raisings(self, matter_id: int) -> list[Concern]:
        rows = await self._s.scalars(
            select(ConcernRow).where(ConcernRow.matter_id == matter_id).order_by(ConcernRow.at, ConcernRow.id)
        )
        return [concern_of(r) for r in rows]

    async def log(self, event: MatterEvent) -> None:
        await self._s.execute(
            insert(MatterEventRow).values(
                matter_id=event.matter_id, type=event.type.value, actor_id=event.actor_id, at=event.at,
                detail=dict(event.detail),
            )
        )

    async def history(self, matter_id: int) -> list[MatterEvent]:
        rows = await self._s.execute(
            select(MatterEventRow.type, MatterEventRow.actor_id, MatterEventRow.at, MatterEventRow.detail)
            .where(MatterEventRow.matter_id == matter_id)
            .order_by(MatterEventRow.at, MatterEventRow.id)
        )
        return [MatterEvent(matter_id, MatterEventType(t), a, at, dict(d or {})) for t, a, at, d in rows]
