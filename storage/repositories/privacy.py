"""Forgetting a person and blanking old words, in SQL (the port: handlers/ports/privacy.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.domain import Status
from handlers.domain.privacy import REMOVED, Removed
from storage.concern_tables import ConcernRow
from storage.repositories._sql import rowcount
from storage.repositories.privacy_desk import forget_on_desk, forget_resident, names_in_use
from storage.tables import (
    ChatRow,
    ClaimRow,
    CorrectionRow,
    OfferRow,
    OutboxRow,
    PersonRow,
    RequestRow,
    SuggestionRow,
    VolunteerRow,
)

FINAL = [s.value for s in Status if s.is_final]


class SqlPersonalData:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _count(self, stmt: Any) -> int:
        return rowcount(await self._session.execute(stmt))

    async def forget(self, user_id: int) -> Removed:
        asked = select(RequestRow.id).where(RequestRow.requester_id == user_id)
        held = select(ClaimRow.request_id).where(ClaimRow.user_id == user_id)
        said = select(SuggestionRow.chat_id, SuggestionRow.message_id).where(SuggestionRow.author_id == user_id)
        # First, while their names and their raisings' words are still there to be recognised.
        desk = await forget_on_desk(self._session, user_id, await names_in_use(self._session, user_id))
        counts = {
            # Corrections are examples for the reader: the words are the point, so the row goes.
            "corrections": await self._count(
                delete(CorrectionRow).where(
                    or_(
                        CorrectionRow.user_id == user_id,
                        CorrectionRow.request_id.in_(asked),
                        tuple_(CorrectionRow.chat_id, CorrectionRow.message_id).in_(said),
                    )
                )
            ),
            "people": await self._count(delete(PersonRow).where(PersonRow.user_id == user_id)),
            "volunteers": await self._count(delete(VolunteerRow).where(VolunteerRow.user_id == user_id)),
            "private chat": await self._count(
                delete(ChatRow).where(ChatRow.chat_id == user_id, ChatRow.kind == "private")
            ),
            "outbox": await self._blank_outbox(
                or_(OutboxRow.chat_id == user_id, OutboxRow.request_id.in_(asked), OutboxRow.request_id.in_(held))
            ),
            "requests": await self._count(
                update(RequestRow)
                .where(RequestRow.requester_id == user_id)
                .where(or_(RequestRow.text != REMOVED, RequestRow.requester_name != REMOVED))
                .values(text=REMOVED, requester_name=REMOVED)
            ),
            "claims": await self._count(
                update(ClaimRow).where(ClaimRow.user_id == user_id, ClaimRow.name != REMOVED).values(name=REMOVED)
            ),
            "suggestions": await self._count(
                update(SuggestionRow)
                .where(SuggestionRow.author_id == user_id)
                .where(or_(SuggestionRow.text != REMOVED, SuggestionRow.author_name != REMOVED))
                .values(text=REMOVED, author_name=REMOVED)
            ),
            "offers": await self._count(
                update(OfferRow).where(OfferRow.user_id == user_id, OfferRow.text != REMOVED).values(text=REMOVED)
            ),
            "concerns": await self._count(
                update(ConcernRow).where(ConcernRow.user_id == user_id, ConcernRow.text != REMOVED).values(text=REMOVED)
            ),
            **desk,
        }
        return Removed(counts)

    async def forget_resident(self, entry_id: int, now: datetime) -> Removed:
        return Removed(await forget_resident(self._session, entry_id, now))

    async def blank_before(self, before: datetime) -> Removed:
        counts = {
            "requests": await self._count(
                update(RequestRow)
                .where(RequestRow.status.in_(FINAL), RequestRow.closed_at < before, RequestRow.text != REMOVED)
                .values(text=REMOVED)
            ),
            # A suggestion lives minutes: the day it was made is the day it closed.
            "suggestions": await self._count(
                update(SuggestionRow)
                .where(SuggestionRow.status != "pending", SuggestionRow.created_at < before)
                .where(SuggestionRow.text != REMOVED)
                .values(text=REMOVED)
            ),
            "offers": await self._count(
                update(OfferRow).where(OfferRow.at < before, OfferRow.text != REMOVED).values(text=REMOVED)
            ),
            "concerns": await self._count(
                update(ConcernRow).where(ConcernRow.at < before, ConcernRow.text != REMOVED).values(text=REMOVED)
            ),
            "outbox": await self._blank_outbox(OutboxRow.created_at < before),
        }
        return Removed(counts)

    async def _blank_outbox(self, where: ColumnElement[bool]) -> int:
        """The words of messages already delivered (or given up on); pending ones still have to go out."""
        rows = await self._session.execute(
            select(OutboxRow.id, OutboxRow.payload).where(OutboxRow.status != "pending", where)
        )
        blanked = 0
        for row_id, payload in rows.all():
            if payload.get("text") in (None, REMOVED):
                continue
            keep = {**payload, "text": REMOVED}
            await self._session.execute(update(OutboxRow).where(OutboxRow.id == row_id).values(payload=keep))
            blanked += 1
        return blanked
