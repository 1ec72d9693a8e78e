"""Suggestions and corrections on SQL (handlers/domain/feedback.py, handlers/ports/feedback.py).

A row's columns are its dataclass's fields (enums by value), so each is written by one helper."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from enum import Enum
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

from handlers.domain.feedback import Correction, Reason, Suggestion, SuggestionStatus
from storage.repositories._sql import columns, fresh, rowcount
from storage.tables import CorrectionRow, SuggestionRow


def _columns(value: Suggestion | Correction) -> dict[str, Any]:
    """The row's columns, but its id; labels copied as plain dicts."""
    out: dict[str, Any] = {}
    for f in fields(value):
        item = getattr(value, f.name)
        if f.name != "id":
            out[f.name] = item.value if isinstance(item, Enum) else dict(item) if isinstance(item, dict) else item
    return out


async def _add(session: AsyncSession, table: type[DeclarativeBase], value: Suggestion | Correction) -> int:
    new_id = await session.scalar(insert(table).values(**_columns(value)).returning(table.id))  # type: ignore[attr-defined]
    assert new_id is not None
    return int(new_id)


def _suggestion(row: SuggestionRow | Any) -> Suggestion:
    values = {f.name: getattr(row, f.name) for f in fields(Suggestion)}
    status = SuggestionStatus(row.status)
    return Suggestion(**{**values, "reader_label": dict(row.reader_label or {}), "status": status})


def _correction(row: CorrectionRow) -> Correction:
    values = {f.name: getattr(row, f.name) for f in fields(Correction)}
    labels = {"reader_label": dict(row.reader_label or {}), "label": dict(row.label or {})}
    return Correction(**{**values, **labels, "reason": Reason(row.reason)})


_SUGGESTIONS = cast(Table, SuggestionRow.__table__)
_BY_BOT_MESSAGE = (
    select(*_SUGGESTIONS.c)
    .where(_SUGGESTIONS.c.chat_id == bindparam("chat"), _SUGGESTIONS.c.bot_message_id == bindparam("bot"))
    .limit(1)
)


class SqlSuggestionStore:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, suggestion: Suggestion) -> int:
        return await _add(self._s, SuggestionRow, suggestion)

    async def get(self, suggestion_id: int) -> Suggestion | None:
        return await self._one(SuggestionRow.id == suggestion_id)

    async def by_message(self, chat_id: int, message_id: int) -> Suggestion | None:
        return await self._one(SuggestionRow.chat_id == chat_id, SuggestionRow.message_id == message_id)

    async def by_bot_message(self, chat_id: int, bot_message_id: int) -> Suggestion | None:
        # Asked of every reply in a group (is it an answer to the bot's question?): built once.
        row = (await self._s.execute(_BY_BOT_MESSAGE, {"chat": chat_id, "bot": bot_message_id})).first()
        return None if row is None else _suggestion(row)

    async def close(self, suggestion_id: int, to: SuggestionStatus, at: datetime) -> Suggestion | None:
        result = await self._s.execute(
            update(SuggestionRow)
            .where(SuggestionRow.id == suggestion_id, SuggestionRow.status == SuggestionStatus.PENDING.value)
            .values(status=to.value, closed_at=at)
            .execution_options(synchronize_session=False)
        )
        if rowcount(result) == 0:
            return None
        return await self.get(suggestion_id)

    async def due(self, now: datetime, limit: int) -> list[Suggestion]:
        rows = await self._s.scalars(
            fresh(
                select(SuggestionRow)
                .where(SuggestionRow.status == SuggestionStatus.PENDING.value, SuggestionRow.expires_at <= now)
                .order_by(SuggestionRow.expires_at, SuggestionRow.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        return [_suggestion(r) for r in rows]

    async def _one(self, *where: Any) -> Suggestion | None:
        row = (await self._s.execute(columns(SuggestionRow).where(*where).limit(1))).first()
        return None if row is None else _suggestion(row)


class SqlCorrectionLog:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, correction: Correction) -> int:
        return await _add(self._s, CorrectionRow, correction)

    async def all(self) -> list[Correction]:
        rows = await self._s.scalars(select(CorrectionRow).order_by(CorrectionRow.at, CorrectionRow.id))
        return [_correction(r) for r in rows]
