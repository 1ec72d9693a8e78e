"""Forgetting a person and blanking old words: one contract on the fakes, SQLite and PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import text

from handlers.chat import Send
from handlers.domain import Offer, Status, Volunteer
from handlers.domain.feedback import Correction, Reason, Suggestion, SuggestionStatus
from handlers.domain.figures import Filter
from handlers.domain.lists import Concern
from handlers.domain.privacy import REMOVED
from handlers.domain.transitions import ACTIVE
from handlers.ports import UnitOfWork
from tests.fakes import FakeUnitOfWorkFactory
from tests.integration.conftest import Backend
from tests.integration.helpers import T0, new_request

pytestmark = pytest.mark.asyncio
CHAT = -100
ASKER, HELPER, OTHER = 7, 8, 9
WORDS = "198号楼1502张奶奶,电话13812345678"
# Nothing of theirs on the desk in this world (tests/integration/test_privacy_desk.py has that).
NO_DESK = dict.fromkeys(("roster", "visit notes", "concern matters", "concern notes", "chat bindings",
                         "secretary grants", "name consent"), 0)
LABEL: dict[str, object] = {"kind": "request", "category": "errand", "building": "198", "urgent": False,
                            "emergency": False}


async def _world(backend: Backend) -> tuple[int, int]:
    """Two requests of ASKER (one claimed by HELPER and done), their traces everywhere."""
    async with backend.uow() as uow:
        done = await uow.requests.add(replace(new_request(1, requester_id=ASKER), text=WORDS))
        still = await uow.requests.add(new_request(2, requester_id=ASKER))
        other = await uow.requests.add(new_request(3, requester_id=OTHER))
        await uow.requests.try_claim(done.id, HELPER, "小陈", T0)
        await uow.requests.transition(done.id, ACTIVE, Status.DONE, T0 + timedelta(minutes=5))
        await uow.people.seen(ASKER, "张奶奶", "zhang", started_bot=True)
        await uow.people.set_home(ASKER, "198", "Huli Garden", "Siming")
        await uow.people.seen(HELPER, "小陈", "chen")
        await uow.volunteers.save(Volunteer(HELPER, "小陈", "198", "Huli Garden", "Siming", skills=frozenset({"cook"})))
        await uow.grid.chat_seen(ASKER, True, None, None, T0)
        await uow.lists.add_offer(Offer(CHAT, ASKER, "我有轮椅可以借", "mobility", "198", T0))
        await uow.lists.add_concern(Concern(CHAT, ASKER, "电梯又坏了", "repair", "198", T0))
        said = Suggestion(0, CHAT, 50, ASKER, "张奶奶", "谁去超市?", LABEL, "v1", T0, T0 + timedelta(minutes=5))
        await uow.suggestions.add(said)
        for user_id, message_id, request_id in ((ASKER, 60, None), (HELPER, 61, done.id), (OTHER, 50, None),
                                                (OTHER, 62, other.id)):
            await uow.corrections.add(Correction(CHAT, message_id, user_id, "words", LABEL, LABEL,
                                                 Reason.FORCED_ASK, T0, "v1", request_id))
        await uow.outbox.add(Send(ASKER, "private to her"), request_id=None)
        await uow.outbox.add(Send(CHAT, f"card {WORDS}"), request_id=done.id)
        await uow.outbox.add(Send(CHAT, "someone else's card"), request_id=other.id)
        await uow.commit()
    # Delivered, so they are history (pending messages are left to go out).
    while items := await backend.queue.lease(T0, 10, 30):
        for item in items:
            await backend.queue.sent(item, 1000 + item.id, T0)
    async with backend.uow() as uow:
        await uow.outbox.add(Send(ASKER, "still to send"))
        await uow.commit()
    return done.id, still.id


async def _outbox(backend: Backend) -> list[tuple[str, str]]:
    if isinstance(backend.uow, FakeUnitOfWorkFactory):
        return [(o.status, o.action.text or "") for o in backend.uow.store.outbox]
    assert backend.engine is not None
    async with backend.engine.connect() as connection:
        rows = await connection.execute(text("SELECT status, payload FROM outbox ORDER BY id"))
        decoded = [(status, payload if isinstance(payload, dict) else json.loads(payload)) for status, payload in rows]
        return [(status, payload["text"]) for status, payload in decoded]


async def _words(backend: Backend, table: str) -> list[str]:
    if isinstance(backend.uow, FakeUnitOfWorkFactory):
        store = backend.uow.store
        return [o.text for o in store.offers] if table == "offers" else [c.text for c, _ in store.concerns]
    assert backend.engine is not None
    async with backend.engine.connect() as connection:
        return list((await connection.execute(text(f"SELECT text FROM {table} ORDER BY id"))).scalars())


async def _figures(uow: UnitOfWork) -> tuple[object, ...]:
    """What /report counts, over every community the requests are in."""
    everywhere = Filter(tuple({r.community for r in await uow.requests.posted_since(None) if r.community}))
    figures = uow.figures
    return (
        await figures.counts(everywhere),
        await figures.breakdown(everywhere, "building"),
        await figures.breakdown(everywhere, "category"),
    )


async def test_forgetting_removes_names_and_words_and_keeps_the_counts(backend: Backend) -> None:
    done_id, still_id = await _world(backend)
    async with backend.uow() as uow:
        before = await _figures(uow)
        removed = await uow.privacy.forget(ASKER)
        await uow.commit()
    assert removed.counts == {
        "corrections": 3, "people": 1, "volunteers": 0, "private chat": 1, "outbox": 2, "requests": 2,
        "claims": 0, "suggestions": 1, "offers": 1, "concerns": 1, **NO_DESK,
    }
    async with backend.uow() as uow:
        requests = await uow.requests.posted_since(None)
        assert await _figures(uow) == before
        mine = [r for r in requests if r.requester_id == ASKER]
        assert {(r.text, r.requester_name) for r in mine} == {(REMOVED, REMOVED)}
        assert [(r.id, r.status, r.category, r.building) for r in mine] == [
            (done_id, Status.DONE, "errand", "198"), (still_id, Status.OPEN, "errand", "198"),
        ]
        assert await uow.people.get(ASKER) is None
        assert await uow.people.get(HELPER) is not None
        assert ASKER not in {c.chat_id for c in await uow.grid.chats()}
        assert [(c.user_id, c.message_id) for c in await uow.corrections.all()] == [(OTHER, 62)]
        suggestion = await uow.suggestions.by_message(CHAT, 50)
        assert suggestion is not None and (suggestion.text, suggestion.author_name) == (REMOVED, REMOVED)
        assert suggestion.status is SuggestionStatus.PENDING
        assert [c.text for c in await uow.lists.concerns()] == [REMOVED]
    assert await _words(backend, "offers") == [REMOVED]
    assert await _outbox(backend) == [
        ("sent", REMOVED), ("sent", REMOVED), ("sent", "someone else's card"), ("pending", "still to send"),
    ]
    async with backend.uow() as uow:
        again = await uow.privacy.forget(ASKER)
        await uow.commit()
    assert again.total == 0 and again.summary() == "nothing"


async def test_forgetting_a_helper_takes_their_profile_and_name_off_claims(backend: Backend) -> None:
    done_id, _ = await _world(backend)
    async with backend.uow() as uow:
        removed = await uow.privacy.forget(HELPER)
        await uow.commit()
    assert {k: v for k, v in removed.counts.items() if v} == {
        "corrections": 1, "people": 1, "volunteers": 1, "claims": 1, "outbox": 1,
    }
    async with backend.uow() as uow:
        assert await uow.volunteers.get(HELPER) is None
        done = await uow.requests.get(done_id)
        assert done is not None and done.status is Status.DONE and done.requester_name == "阿姨"
        records = await uow.volunteers.records([HELPER], T0 - timedelta(days=1))
        assert records[HELPER].kept == 1  # the claim itself stays, nameless


async def test_old_words_of_closed_requests_are_blanked_once(backend: Backend) -> None:
    done_id, still_id = await _world(backend)
    async with backend.uow() as uow:
        nothing_yet = await uow.privacy.blank_before(T0)
        removed = await uow.privacy.blank_before(T0 + timedelta(days=1))
        await uow.commit()
    assert nothing_yet.total == 0
    assert removed.counts == {"requests": 1, "suggestions": 0, "offers": 1, "concerns": 1, "outbox": 0}
    async with backend.uow() as uow:
        done, still = await uow.requests.get(done_id), await uow.requests.get(still_id)
        assert done is not None and (done.text, done.requester_name) == (REMOVED, "阿姨")
        assert still is not None and still.text == new_request().text  # open: its words are still needed
        assert (await uow.privacy.blank_before(T0 + timedelta(days=1))).total == 0
