"""The desk's stores (rosters and their events, bindings, secretaries, consent, month results) and
people by @username: one contract on the fakes, SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from handlers.domain import Status
from handlers.domain.bindings import AddedSecretary, ChatBinding
from handlers.domain.visits import Need, RosterEntry, VisitEvent, VisitEventType, VisitFigures
from tests.integration.conftest import Backend
from tests.integration.helpers import T0, new_request

pytestmark = pytest.mark.asyncio
DAY = timedelta(days=1)


def _entry(community: str = "Siming", building: str = "198", due: int = 0) -> RosterEntry:
    return RosterEntry(
        0, community, "Huli Garden", building, "张奶奶", Need.ELDERLY, 3001, "陈阿姨", 3, 5, 1001, T0,
        T0 + due * DAY, T0 + 5 * DAY, next_due_at=T0 + due * DAY,
    )


async def test_roster_entries_are_stored_listed_come_due_and_go_off(backend: Backend) -> None:
    async with backend.uow() as uow:
        first = await uow.rosters.add(_entry(due=0))
        second = await uow.rosters.add(_entry(building="196", due=2))
        elsewhere = await uow.rosters.add(_entry(community="Other", due=1))
        await uow.commit()
    async with backend.uow() as uow:
        got = await uow.rosters.get(first.id)
        assert got == first and got.need is Need.ELDERLY and got.added_at.tzinfo is not None
        assert await uow.rosters.get(9999) is None
        assert [e.id for e in await uow.rosters.active(["Siming"])] == [second.id, first.id], "by building"
        assert await uow.rosters.active([]) == []
        assert [e.id for e in await uow.rosters.due(T0 + DAY, 10)] == [first.id, elsewhere.id]
        await uow.rosters.save(replace(first, contact_reminded=True, next_due_at=T0 + 4 * DAY, off_at=None))
        await uow.rosters.save(replace(second, off_at=T0))
        await uow.commit()
    async with backend.uow() as uow:
        assert [e.id for e in await uow.rosters.due(T0 + 3 * DAY, 10)] == [elsewhere.id]
        assert [e.id for e in await uow.rosters.active(["Siming", "Other"])] == [elsewhere.id, first.id]
        saved = await uow.rosters.get(first.id)
        assert saved is not None and saved.contact_reminded and saved.next_due_at == T0 + 4 * DAY


async def test_visit_events_are_logged_found_by_their_reminder_and_counted(backend: Backend) -> None:
    async with backend.uow() as uow:
        entry = await uow.rosters.add(_entry())
        other = await uow.rosters.add(_entry(community="Other"))
        log = [
            (entry.id, VisitEventType.REMINDED_CONTACT, T0),
            (entry.id, VisitEventType.CONTACTED, T0 + DAY),
            (entry.id, VisitEventType.REMINDED_VISIT, T0 + 5 * DAY),
            (entry.id, VisitEventType.OVERDUE, T0 + 6 * DAY),
            (entry.id, VisitEventType.NOTE, T0 + 6 * DAY),
            (other.id, VisitEventType.VISITED, T0 + DAY),
            (entry.id, VisitEventType.VISITED, T0 + 40 * DAY),
        ]
        ids = [await uow.rosters.log(VisitEvent(r, t, 3001, at, {"n": i})) for i, (r, t, at) in enumerate(log)]
        answer = VisitEvent(entry.id, VisitEventType.NEEDS_HELP, 3001, T0 + 2 * DAY, {"request_id": 4}, 3001, 77)
        ids.append(await uow.rosters.log(answer))
        await uow.commit()
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    async with backend.uow() as uow:
        assert await uow.rosters.answered_on(3001, 77) == answer
        assert await uow.rosters.answered_on(3001, 78) is None
        assert [e.type for e in await uow.rosters.history(other.id)] == [VisitEventType.VISITED]
        month = await uow.rosters.figures(T0, T0 + 30 * DAY, ["Siming"])
        assert month == VisitFigures(on_roster=1, contacts_due=1, contacts_done=1, visits_due=1, visits_done=0,
                                     visits_overdue=1, help_requests=1)
        everything = await uow.rosters.figures(None, T0 + 50 * DAY, None)
        assert (everything.on_roster, everything.visits_done) == (2, 2)
        logged = await uow.rosters.logged(T0 + DAY, T0 + 30 * DAY, ["Siming"])
        assert [(e.type, e.at) for _, e in logged] == [
            (VisitEventType.CONTACTED, T0 + DAY), (VisitEventType.NEEDS_HELP, T0 + 2 * DAY),
            (VisitEventType.REMINDED_VISIT, T0 + 5 * DAY), (VisitEventType.OVERDUE, T0 + 6 * DAY),
            (VisitEventType.NOTE, T0 + 6 * DAY),
        ], "oldest first, within [since, until), of these communities only"
        assert all(r == entry for r, _ in logged) and logged[1][1] == answer
        assert len(await uow.rosters.logged(None, None, ["Siming", "Other"])) == len(ids)
        assert await uow.rosters.logged(None, None, []) == []


async def test_bindings_secretaries_and_consent_are_kept(backend: Backend) -> None:
    async with backend.uow() as uow:
        await uow.desk.bind(ChatBinding(-5, "Siming", "Huli Garden", ("198",), 1001, T0))
        await uow.desk.bind(ChatBinding(-6, "Siming", "New", ("A", "B"), 1001, T0 + DAY))
        await uow.desk.bind(ChatBinding(-5, "Siming", "Huli Garden", ("196", "198"), 1002, T0 + 2 * DAY))
        assert await uow.desk.add_secretary(AddedSecretary("Siming", 1003, 1001, T0))
        assert not await uow.desk.add_secretary(AddedSecretary("Siming", 1003, 1002, T0 + DAY))
        assert await uow.desk.add_secretary(AddedSecretary("Other", 1003, 1001, T0 + DAY))
        await uow.desk.set_named(3001, True, T0)
        await uow.desk.set_named(3002, True, T0)
        await uow.desk.set_named(3002, False, T0 + DAY)
        await uow.commit()
    async with backend.uow() as uow:
        assert [(b.chat_id, b.buildings, b.bound_by) for b in await uow.desk.bindings()] == [
            (-6, ("A", "B"), 1001), (-5, ("196", "198"), 1002),
        ]
        assert [(s.community, s.user_id) for s in await uow.desk.secretaries()] == [("Siming", 1003), ("Other", 1003)]
        assert await uow.desk.remove_secretary("Siming", 1003)
        assert not await uow.desk.remove_secretary("Siming", 1003)
        assert await uow.desk.is_named(3001) and not await uow.desk.is_named(3002)
        assert not await uow.desk.is_named(9)
        await uow.commit()
    async with backend.uow() as uow:
        assert [s.community for s in await uow.desk.secretaries()] == ["Other"]


async def test_month_results_count_requests_and_thank_only_the_named(backend: Backend) -> None:
    async with backend.uow() as uow:
        for n in range(1, 5):
            request = await uow.requests.add(new_request(n, posted_at=T0 + n * timedelta(hours=1)))
            if n <= 3:
                helper = 3001 if n <= 2 else 3002
                await uow.requests.try_claim(request.id, helper, f"helper{helper}", T0 + n * timedelta(hours=2))
                await uow.requests.transition(request.id, (Status.CLAIMED,), Status.DONE, T0 + 3 * DAY)
        await uow.requests.add(new_request(9, posted_at=T0 + 40 * DAY))  # next month
        await uow.requests.add(new_request(10, chat_id=-200))  # another compound's chat
        await uow.desk.set_named(3001, True, T0)
        await uow.desk.set_named(3002, True, T0)
        await uow.people.seen(3003, "小李", "XiaoLi")
        await uow.commit()
    async with backend.uow() as uow:
        results = await uow.desk.month_results([-100], T0, T0 + 30 * DAY, 5)
        assert (results.total, results.done) == (4, 3)
        helpers = [(h.user_id, h.name, h.done) for h in results.helpers]
        assert helpers == [(3001, "helper3001", 2), (3002, "helper3002", 1)]
        assert [h.user_id for h in (await uow.desk.month_results([-100], T0, T0 + 30 * DAY, 1)).helpers] == [3001]
        await uow.desk.set_named(3001, False, T0 + DAY)
        assert [h.user_id for h in (await uow.desk.month_results([-100], T0, T0 + 30 * DAY, 5)).helpers] == [3002]
        assert (await uow.desk.month_results([-300], T0, T0 + 30 * DAY, 5)).total == 0
        found = await uow.people.by_username("xiaoli")
        assert found is not None and found.user_id == 3003
        assert await uow.people.by_username("nobody") is None
