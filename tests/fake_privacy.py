"""The in-memory PersonalData of tests/fakes.py (handlers/ports/privacy.py), apart so fakes.py stays a size to read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from handlers.chat import Delete
from handlers.domain.feedback import SuggestionStatus
from handlers.domain.privacy import REMOVED, Removed
from tests.fake_privacy_desk import forget_on_desk, forget_resident, names_in_use

if TYPE_CHECKING:
    from tests.fakes import FakeStore, _Outgoing


class _HasStore(Protocol):
    store: FakeStore


class FakePersonalData:
    def __init__(self, uow: _HasStore) -> None:
        self._uow = uow

    async def forget(self, user_id: int) -> Removed:
        db = self._uow.store
        asked = {r.id for r in db.requests.values() if r.requester_id == user_id}
        held = {c.request_id for c in db.claims if c.user_id == user_id}
        said = {(s.chat_id, s.message_id) for s in db.suggestions.values() if s.author_id == user_id}
        desk = forget_on_desk(db, user_id, names_in_use(db, user_id))
        kept = [
            c for c in db.corrections
            if c.user_id != user_id and c.request_id not in asked and (c.chat_id, c.message_id) not in said
        ]
        counts = {"corrections": len(db.corrections) - len(kept)}
        db.corrections = kept
        counts["people"] = int(db.people.pop(user_id, None) is not None)
        counts["volunteers"] = int(db.volunteers.pop(user_id, None) is not None)
        private = db.chats.get(user_id)
        counts["private chat"] = int(private is not None and private.kind == "private")
        if counts["private chat"]:
            del db.chats[user_id]
        counts["outbox"] = _blank_outbox(db, lambda o: o.chat_id == user_id or o.request_id in asked | held)
        counts["requests"] = 0
        for rid, request in db.requests.items():
            if rid in asked and (request.text, request.requester_name) != (REMOVED, REMOVED):
                db.requests[rid] = replace(request, text=REMOVED, requester_name=REMOVED)
                counts["requests"] += 1
        counts["claims"] = 0
        for claim in db.claims:
            if claim.user_id == user_id and claim.name != REMOVED:
                claim.name = REMOVED
                counts["claims"] += 1
        counts["suggestions"] = 0
        for sid, s in db.suggestions.items():
            if s.author_id == user_id and (s.text, s.author_name) != (REMOVED, REMOVED):
                db.suggestions[sid] = replace(s, text=REMOVED, author_name=REMOVED)
                counts["suggestions"] += 1
        counts["offers"], counts["concerns"] = _blank_lists(db, lambda uid, at: uid == user_id)
        return Removed({**counts, **desk})

    async def forget_resident(self, entry_id: int, now: datetime) -> Removed:
        return Removed(forget_resident(self._uow.store, entry_id, now))

    async def blank_before(self, before: datetime) -> Removed:
        db = self._uow.store
        counts = {"requests": 0, "suggestions": 0}
        for rid, r in db.requests.items():
            if r.status.is_final and r.closed_at is not None and r.closed_at < before and r.text != REMOVED:
                db.requests[rid] = replace(r, text=REMOVED)
                counts["requests"] += 1
        for sid, s in db.suggestions.items():
            if s.status is not SuggestionStatus.PENDING and s.created_at < before and s.text != REMOVED:
                db.suggestions[sid] = replace(s, text=REMOVED)
                counts["suggestions"] += 1
        counts["offers"], counts["concerns"] = _blank_lists(db, lambda uid, at: at < before)
        counts["outbox"] = _blank_outbox(db, lambda o: o.created_at < before)
        return Removed(counts)


def _blank_lists(db: FakeStore, which: Callable[[int, datetime], bool]) -> tuple[int, int]:
    offers = concerns = 0
    for i, offer in enumerate(db.offers):
        if which(offer.user_id, offer.at) and offer.text != REMOVED:
            db.offers[i] = replace(offer, text=REMOVED)
            offers += 1
    for i, (concern, community) in enumerate(db.concerns):
        if which(concern.user_id, concern.at) and concern.text != REMOVED:
            db.concerns[i] = (replace(concern, text=REMOVED), community)
            concerns += 1
    return offers, concerns


def _blank_outbox(db: FakeStore, which: Callable[[_Outgoing], bool]) -> int:
    blanked = 0
    for row in db.outbox:
        action = row.action
        if row.status == "pending" or isinstance(action, Delete) or action.text in (None, REMOVED) or not which(row):
            continue
        row.action = replace(action, text=REMOVED)
        blanked += 1
    return blanked
