"""`jinlin forget` on the desk's data: one contract on the fakes, SQLite and PostgreSQL.

A carer (volunteer) who is also a secretary, the roster residents they look after, the notes
written about a visit and on a concern, a chat bound and a role granted: what is theirs goes,
what others wrote and the counts stay; a roster resident, who has no user id, is forgotten by entry.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers.chat import Send
from handlers.domain.bindings import AddedSecretary, ChatBinding
from handlers.domain.concerns import ConcernStatus, Matter, MatterEvent, MatterEventType
from handlers.domain.lists import Concern
from handlers.domain.privacy import REMOVED
from handlers.domain.visits import Need, RosterEntry, VisitEvent, VisitEventType
from tests.integration.conftest import Backend
from tests.integration.helpers import T0

pytestmark = pytest.mark.asyncio
CHAT, CARER, SECRETARY, RESIDENT = -100, 21, 22, 23
COMMUNITY = "深田社区"


def _entry(name: str, carer: int, carer_name: str) -> RosterEntry:
    return RosterEntry(0, COMMUNITY, "图强小区", "198", name, Need.ELDERLY, carer, carer_name, 3, 5, SECRETARY, T0,
                       T0, T0, next_due_at=T0 + timedelta(days=1))  # fmt: skip


async def _world(backend: Backend) -> tuple[int, int, int]:
    """CARER 小陈 looks after 王奶奶 and 李爷爷; SECRETARY 周书记 wrote about 小陈; RESIDENT raised a matter."""
    async with backend.uow() as uow:
        await uow.people.seen(CARER, "小陈", "chen", started_bot=True)
        await uow.people.seen(SECRETARY, "周书记", None)
        wang = await uow.rosters.add(_entry("王奶奶", CARER, "小陈"))
        li = await uow.rosters.add(_entry("李爷爷", SECRETARY, "周书记"))
        await uow.rosters.log(VisitEvent(wang.id, VisitEventType.VISITED, CARER, T0))
        noted: dict[str, object] = {"text": "王奶奶腿疼", "on": "visited"}
        await uow.rosters.log(VisitEvent(wang.id, VisitEventType.NOTE, CARER, T0, noted))
        await uow.rosters.log(VisitEvent(li.id, VisitEventType.NOTE, SECRETARY, T0, {"text": "小陈下周替我去"}))
        await uow.rosters.log(VisitEvent(li.id, VisitEventType.NOTE, SECRETARY, T0, {"text": "李爷爷很好"}))
        matter = await uow.concern_book.add(Matter(0, COMMUNITY, "图强小区", "198", "repair", "电梯又坏了",
                                                   ConcernStatus.IN_HAND, T0, T0, owner_id=CARER, owner_name="小陈",
                                                   note="小陈在跟进", outcome="物业说周五修"))  # fmt: skip
        other = await uow.concern_book.add(Matter(0, COMMUNITY, "图强小区", "198", "noise", "楼下装修太吵",
                                                  ConcernStatus.RAISED, T0, T0, note="周书记去问了"))  # fmt: skip
        await uow.lists.add_concern(Concern(CHAT, RESIDENT, "电梯又坏了", "repair", "198", T0, matter_id=matter.id))
        await uow.lists.add_concern(Concern(CHAT, CARER, "楼下装修太吵", "noise", "198", T0, matter_id=other.id))
        book = uow.concern_book
        owner = {"owner_id": CARER, "owner_name": "小陈"}
        await book.log(MatterEvent(matter.id, MatterEventType.OWNER, SECRETARY, T0, owner))
        await book.log(MatterEvent(matter.id, MatterEventType.NOTE, SECRETARY, T0, {"text": "小陈在跟进"}))
        await book.log(MatterEvent(matter.id, MatterEventType.OUTCOME, SECRETARY, T0, {"text": "物业说周五修"}))
        await book.log(MatterEvent(other.id, MatterEventType.NOTE, SECRETARY, T0, {"text": "周书记去问了"}))
        await uow.desk.bind(ChatBinding(CHAT, COMMUNITY, "图强小区", ("198",), CARER, T0))
        await uow.desk.add_secretary(AddedSecretary(COMMUNITY, CARER, SECRETARY, T0))
        await uow.desk.add_secretary(AddedSecretary(COMMUNITY, 99, CARER, T0))
        await uow.desk.set_named(CARER, True, T0)
        await uow.outbox.add(Send(CARER, "今天该去看王奶奶了"), request_id=None)
        await uow.outbox.add(Send(SECRETARY, "李爷爷: 5天没人去看"), request_id=None)
        await uow.commit()
    while items := await backend.queue.lease(T0, 10, 30):
        for item in items:
            await backend.queue.sent(item, 1000 + item.id, T0)
    return wang.id, li.id, matter.id


async def test_forgetting_a_carer_who_is_a_secretary_covers_the_desk(backend: Backend) -> None:
    wang_id, li_id, matter_id = await _world(backend)
    async with backend.uow() as uow:
        before = await uow.rosters.figures(None, T0 + timedelta(days=1), [COMMUNITY])
        removed = await uow.privacy.forget(CARER)
        await uow.commit()
    desk = {k: removed.counts[k] for k in ("roster", "visit notes", "concern matters", "concern notes",
                                           "chat bindings", "secretary grants", "name consent")}  # fmt: skip
    # roster: 王奶奶's carer; visit notes: theirs and 周书记's naming them; matters: owned, and the one
    # they raised first; notes: the owner event and the note naming them; grants: theirs, and the one they made.
    assert desk == {"roster": 1, "visit notes": 2, "concern matters": 2, "concern notes": 2, "chat bindings": 1,
                    "secretary grants": 2, "name consent": 1}  # fmt: skip
    async with backend.uow() as uow:
        wang, li = await uow.rosters.get(wang_id), await uow.rosters.get(li_id)
        assert wang is not None and (wang.name, wang.carer_id, wang.carer_name) == ("王奶奶", CARER, REMOVED)
        assert wang.off_at is None, "still on the roster: the secretary gives it another carer"
        assert li is not None and (li.carer_name, li.added_by) == ("周书记", SECRETARY)
        notes = [e.detail.get("text") for i in (wang_id, li_id) for e in await uow.rosters.history(i)
                 if e.type is VisitEventType.NOTE]  # fmt: skip
        assert notes == [REMOVED, REMOVED, "李爷爷很好"]
        assert await uow.rosters.figures(None, T0 + timedelta(days=1), [COMMUNITY]) == before
        matter = await uow.concern_book.get(matter_id)
        assert matter is not None
        assert (matter.owner_id, matter.owner_name, matter.note, matter.outcome, matter.text, matter.status) == (
            CARER, REMOVED, REMOVED, "物业说周五修", "电梯又坏了", ConcernStatus.IN_HAND)
        [other] = [m for m in await uow.concern_book.listed([COMMUNITY]) if m.id != matter_id]
        assert (other.text, other.note) == (REMOVED, "周书记去问了")
        log = [(e.type, dict(e.detail)) for e in await uow.concern_book.history(matter_id)]
        assert (MatterEventType.OWNER, {"owner_id": CARER, "owner_name": REMOVED}) in log
        assert (MatterEventType.NOTE, {"text": REMOVED}) in log
        assert (MatterEventType.OUTCOME, {"text": "物业说周五修"}) in log
        assert [b.bound_by for b in await uow.desk.bindings()] == [0]
        assert [(s.user_id, s.added_by) for s in await uow.desk.secretaries()] == [(99, 0)]
        assert not await uow.desk.is_named(CARER)
    async with backend.uow() as uow:
        again = await uow.privacy.forget(CARER)
        await uow.commit()
    assert again.total == 0


async def test_forgetting_a_roster_resident_by_entry(backend: Backend) -> None:
    wang_id, li_id, _ = await _world(backend)
    now = T0 + timedelta(hours=2)
    async with backend.uow() as uow:
        removed = await uow.privacy.forget_resident(wang_id, now)
        await uow.commit()
    assert removed.counts == {"roster": 1, "visit notes": 1, "outbox": 1}
    async with backend.uow() as uow:
        wang, li = await uow.rosters.get(wang_id), await uow.rosters.get(li_id)
        assert wang is not None and (wang.name, wang.off_at, wang.next_due_at) == (REMOVED, now, None)
        assert wang.carer_name == "小陈" and li is not None and li.name == "李爷爷"
        events = await uow.rosters.history(wang_id)
        assert [e.type for e in events] == [VisitEventType.VISITED, VisitEventType.NOTE], "the visit still counts"
        assert events[1].detail == {"text": REMOVED, "on": "visited"}
        assert [e.id for e in await uow.rosters.due(now + timedelta(days=30), 10)] == [li_id]
        again = await uow.privacy.forget_resident(wang_id, now)
        assert again.total == 0
