"""GridStore on SQL: the configured grid's buildings and the chats the bot knows."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar, cast

from sqlalchemy import case, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.domain import Grid
from handlers.ports import ChatKind, GridBuilding, KnownChat
from storage import outbox_chats
from storage.repositories._pending import OPEN_CHAT
from storage.repositories._sql import _insert, for_session, per_dialect
from storage.tables import Base, ChatRow, GridBuildingRow

# Rows per INSERT: well under SQLite's limit on bound parameters for a district's grid.
CHUNK = 500
T = TypeVar("T")


class SqlGridStore:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def sync(self, grid: Grid, at: datetime) -> None:
        # Keyed, so one INSERT never names a row twice (PostgreSQL refuses that in ON CONFLICT).
        by_key: dict[tuple[str, str, str], dict[str, Any]] = {}
        by_chat: dict[int, dict[str, Any]] = {}
        for community in grid.communities:
            for compound in community.compounds:
                for building in compound.buildings:
                    x, y = compound.coordinates.get(building, (None, None))
                    by_key[community.name, compound.name, building] = {
                        "community": community.name, "compound": compound.name, "building": building,
                        "x": x, "y": y, "retired_at": None,
                    }
                for chat_id in compound.chats:
                    by_chat[chat_id] = {
                        "chat_id": chat_id, "kind": "group", "community": community.name, "compound": compound.name,
                        "first_seen_at": at, "last_seen_at": at, "configured": True,
                    }
        buildings, chats = list(by_key.values()), list(by_chat.values())
        for chunk in _chunks(buildings):
            # Un-retires a building that comes back; coordinates follow the config.
            await upsert_many(self._s, GridBuildingRow, chunk, ["community", "compound", "building"],
                              lambda new: {"x": new.x, "y": new.y, "retired_at": None})
        live = await self._s.execute(
            select(GridBuildingRow.id, GridBuildingRow.community, GridBuildingRow.compound, GridBuildingRow.building)
            .where(GridBuildingRow.retired_at.is_(None))
            .order_by(GridBuildingRow.id)
        )
        gone = [row_id for row_id, *key in live if (key[0], key[1], key[2]) not in by_key]
        for ids in _chunks(gone):
            await self._s.execute(
                update(GridBuildingRow)
                .where(GridBuildingRow.id.in_(ids))
                .values(retired_at=at)
                .execution_options(synchronize_session=False)
            )
        for chunk in _chunks(chats):
            await upsert_many(self._s, ChatRow, chunk, ["chat_id"], lambda new: {
                "kind": new.kind, "community": new.community, "compound": new.compound, "configured": True,
            })
        await self._s.execute(
            update(ChatRow)
            .where(ChatRow.configured.is_(True), ChatRow.chat_id.not_in(list(by_chat)))
            .values(configured=False)
            .execution_options(synchronize_session=False)
        )

    async def chat_seen(
        self, chat_id: int, is_private: bool, compound: str | None, community: str | None, at: datetime
    ) -> None:
        values = {
            "chat_id": chat_id,
            "kind": "private" if is_private else "group",
            "community": community,
            "compound": compound,
            "first_seen_at": at,
            "last_seen_at": at,
            "configured": not is_private and compound is not None,
        }
        await self._s.execute(for_session(_CHAT_SEEN, self._s), values)
        if not is_private:
            await self.chat_back(chat_id)

    async def chat_back(self, chat_id: int) -> None:
        # Hearing from a group the bot was kicked from: it was added back, so write there again.
        # Nothing to clear when this transaction's handled mark found the chat open.
        if self._s.sync_session.info.get(OPEN_CHAT) != chat_id:
            await outbox_chats.reopen(self._s, chat_id)

    async def buildings(self) -> list[GridBuilding]:
        rows = await self._s.execute(
            select(
                GridBuildingRow.community,
                GridBuildingRow.compound,
                GridBuildingRow.building,
                GridBuildingRow.x,
                GridBuildingRow.y,
                GridBuildingRow.retired_at,
            ).order_by(GridBuildingRow.community, GridBuildingRow.compound, GridBuildingRow.building)
        )
        return [GridBuilding(*row) for row in rows]

    async def chats(self) -> list[KnownChat]:
        rows = await self._s.execute(
            select(
                ChatRow.chat_id,
                ChatRow.kind,
                ChatRow.community,
                ChatRow.compound,
                ChatRow.first_seen_at,
                ChatRow.last_seen_at,
                ChatRow.configured,
            ).order_by(ChatRow.chat_id)
        )
        return [
            KnownChat(chat_id, cast(ChatKind, kind), community, compound, first, last, configured)
            for chat_id, kind, community, compound, first, last, configured in rows
        ]


async def upsert_many(
    session: AsyncSession,
    table: type[Base],
    rows: Sequence[Mapping[str, Any]],
    conflict: Sequence[str],
    update: Callable[[Any], Mapping[str, Any]],
) -> None:
    """A multi-row INSERT … ON CONFLICT DO UPDATE; `update(excluded)` gives the SET clause."""
    stmt = _insert(session, table).values(list(rows))
    await session.execute(stmt.on_conflict_do_update(index_elements=list(conflict), set_=dict(update(stmt.excluded))))


def _chat_seen(dialect: Any) -> Any:
    stmt = dialect.insert(ChatRow.__table__)
    new = stmt.excluded
    return stmt.on_conflict_do_update(index_elements=["chat_id"], set_={
        "kind": new.kind,
        "community": new.community,
        "compound": new.compound,
        # Never backwards: a redelivered or late update does not undo a newer sighting.
        "last_seen_at": case((ChatRow.last_seen_at < new.last_seen_at, new.last_seen_at), else_=ChatRow.last_seen_at),
    })  # fmt: skip


# Built once per dialect, its values bound: compiled once (SQLAlchemy compiles a multi-row
# VALUES anew every time, whatever its size).
_CHAT_SEEN = per_dialect(_chat_seen)


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
