"""One contract, three backends: the fakes must behave like SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import pytest

from handlers.chat import Send
from handlers.domain import (
    Community,
    Compound,
    Concern,
    Event,
    EventType,
    Grid,
    HourWindow,
    Offer,
    Status,
    Volunteer,
)
from handlers.ports import GridBuilding, KnownChat, UnitOfWorkFactory
from tests.integration.conftest import Backend
from tests.integration.helpers import T0, add_request, new_request

pytestmark = pytest.mark.asyncio
MIN = timedelta(minutes=1)


async def test_add_get_and_timestamps_come_back_aware(uow_factory: UnitOfWorkFactory) -> None:
    added = await add_request(uow_factory)
    async with uow_factory() as uow:
        got = await uow.requests.get(added.id)
    assert got == added
    assert got.status is Status.OPEN and got.claimers == ()
    assert got.posted_at == T0 and got.posted_at.tzinfo is not None
    assert got.posted_at.utcoffset() == timedelta(0)


async def test_uncommitted_work_is_rolled_back(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        added = await uow.requests.add(new_request())
    async with uow_factory() as uow:
        assert await uow.requests.get(added.id) is None
        assert await uow.requests.get(10_000) is None


async def test_by_message_finds_own_and_linked_messages(uow_factory: UnitOfWorkFactory) -> None:
    request = await add_request(uow_factory)
    async with uow_factory() as uow:
        await uow.requests.link_message(request.id, -100, 55)
        await uow.requests.link_message(request.id, -100, 55)  # idempotent
        await uow.commit()
    async with uow_factory() as uow:
        own = await uow.requests.by_message(-100, 1)
        linked = await uow.requests.by_message(-100, 55)
        assert own is not None and linked is not None and own.id == linked.id == request.id
        assert await uow.requests.by_message(-100, 56) is None
        assert await uow.requests.by_message(-200, 1) is None


async def test_claim_win_then_taken_already_yours_closed_missing(uow_factory: UnitOfWorkFactory) -> None:
    request = await add_request(uow_factory)
    async with uow_factory() as uow:
        won = await uow.requests.try_claim(request.id, 21, "Li", T0 + MIN)
        await uow.commit()
    assert won.won and won.request is not None
    assert won.request.status is Status.CLAIMED and won.request.claimers == (21,)
    assert won.request.claimer_names == ("Li",) and won.request.claimed_at == T0 + MIN
    async with uow_factory() as uow:
        taken = await uow.requests.try_claim(request.id, 22, "Wang", T0 + 2 * MIN)
        mine = await uow.requests.try_claim(request.id, 21, "Li", T0 + 2 * MIN)
        missing = await uow.requests.try_claim(999, 21, "Li", T0)
        await uow.requests.transition(request.id, {Status.CLAIMED}, Status.DONE, T0 + 3 * MIN)
        closed = await uow.requests.try_claim(request.id, 22, "Wang", T0 + 4 * MIN)
        await uow.commit()
    assert (taken.won, taken.reason) == (False, "taken")
    assert (mine.won, mine.reason) == (False, "already_yours")
    assert (missing.won, missing.reason, missing.request) == (False, "missing", None)
    assert (closed.won, closed.reason) == (False, "closed")


async def test_two_people_needed(uow_factory: UnitOfWorkFactory) -> None:
    request = await add_request(uow_factory, new_request(people_needed=2))
    async with uow_factory() as uow:
        first = await uow.requests.try_claim(request.id, 21, "Li", T0 + MIN)
        again = await uow.requests.try_claim(request.id, 21, "Li", T0 + MIN)
        second = await uow.requests.try_claim(request.id, 22, "Wang", T0 + 2 * MIN)
        third = await uow.requests.try_claim(request.id, 23, "Zhao", T0 + 3 * MIN)
        await uow.commit()
    assert first.won and first.request is not None and first.request.status is Status.OPEN
    assert first.request.claimed_at is None and first.request.slots_left == 1
    assert (again.won, again.reason) == (False, "already_yours")
    assert second.won and second.request is not None and second.request.status is Status.CLAIMED
    assert second.request.claimers == (21, 22) and second.request.claimed_at == T0 + 2 * MIN
    assert (third.won, third.reason) == (False, "taken")


async def test_release_reopens_and_reclaim_keeps_first_claimed_at(uow_factory: UnitOfWorkFactory) -> None:
    request = await add_request(uow_factory)
    async with uow_factory() as uow:
        await uow.requests.try_claim(request.id, 21, "Li", T0 + MIN)
        released = await uow.requests.release(request.id, 21, T0 + 2 * MIN)
        nothing = await uow.requests.release(request.id, 21, T0 + 2 * MIN)
        other = await uow.requests.try_claim(request.id, 22, "Wang", T0 + 3 * MIN)
        await uow.commit()
    assert released is not None and released.status is Status.OPEN and released.claimers == ()
    assert nothing is None
    assert other.won and other.request is not None and other.request.claimers == (22,)
    assert other.request.claimed_at == T0 + MIN
    assert other.request.last_claim_at == T0 + 3 * MIN, "the current claim, for the follow-up timer"
    assert released.last_claim_at is None


async def test_claimed_by_lists_the_active_requests_a_volunteer_holds(uow_factory: UnitOfWorkFactory) -> None:
    pair = await add_request(uow_factory, new_request(1, people_needed=2))
    single = await add_request(uow_factory, new_request(2, posted_at=T0 + MIN))
    released = await add_request(uow_factory, new_request(3, posted_at=T0 + 2 * MIN))
    finished = await add_request(uow_factory, new_request(4, posted_at=T0 + 3 * MIN))
    async with uow_factory() as uow:
        for request in (single, pair, released, finished):
            await uow.requests.try_claim(request.id, 21, "Li", T0 + 5 * MIN)
        await uow.requests.try_claim(single.id, 22, "Wang", T0 + 5 * MIN)  # taken: no claim for 22
        await uow.requests.release(released.id, 21, T0 + 6 * MIN)
        await uow.requests.transition(finished.id, {Status.CLAIMED}, Status.DONE, T0 + 7 * MIN)
        await uow.commit()
    async with uow_factory() as uow:
        held = await uow.requests.claimed_by(21)
        assert [r.id for r in held] == [pair.id, single.id]  # oldest first, the half-filled one still open
        assert held[0].status is Status.OPEN and held[1].status is Status.CLAIMED
        assert await uow.requests.claimed_by(22) == []


async def test_transition_is_conditional_and_ends_claims(uow_factory: UnitOfWorkFactory) -> None:
    request = await add_request(uow_factory)
    async with uow_factory() as uow:
        await uow.requests.try_claim(request.id, 21, "Li", T0 + MIN)
        refused = await uow.requests.transition(request.id, {Status.OPEN}, Status.CANCELLED, T0)
        done = await uow.requests.transition(request.id, {Status.CLAIMED}, Status.DONE, T0 + 5 * MIN)
        again = await uow.requests.transition(request.id, {Status.CLAIMED}, Status.DONE, T0 + 6 * MIN)
        await uow.commit()
    assert refused is None and again is None
    assert done is not None and done.status is Status.DONE and done.closed_at == T0 + 5 * MIN
    assert done.claimers == ()
    async with uow_factory() as uow:
        assert (await uow.volunteers.records([21], T0))[21].kept == 1


async def test_save_progress_due_ordering_and_lists(uow_factory: UnitOfWorkFactory) -> None:
    late = await add_request(uow_factory, new_request(1, due_in=30 * MIN))
    soon = await add_request(uow_factory, new_request(2, due_in=5 * MIN, posted_at=T0 + MIN))
    none = await add_request(uow_factory, new_request(3, due_in=None, chat_id=-200, posted_at=T0 + 2 * MIN))
    async with uow_factory() as uow:
        soon.ring, soon.followups, soon.requester_told_waiting = 2, 1, True
        soon.next_due_at = T0 + 20 * MIN
        await uow.requests.save_progress(soon)
        await uow.commit()
    async with uow_factory() as uow:
        assert [r.id for r in await uow.requests.due(T0 + 25 * MIN, 10)] == [soon.id]
        assert [r.id for r in await uow.requests.due(T0 + 40 * MIN, 10)] == [soon.id, late.id]
        assert [r.id for r in await uow.requests.due(T0 + 40 * MIN, 1)] == [soon.id]
        got = await uow.requests.get(soon.id)
        assert got is not None and (got.ring, got.followups, got.requester_told_waiting) == (2, 1, True)
        assert [r.id for r in await uow.requests.list_active()] == [late.id, soon.id, none.id]
        assert [r.id for r in await uow.requests.list_active([-200])] == [none.id]
        assert [r.id for r in await uow.requests.posted_since(T0 + MIN)] == [soon.id, none.id]
        assert len(await uow.requests.posted_since(None)) == 3
        assert [r.id for r in await uow.requests.active_of_requester(-100, 7)] == [soon.id, late.id]
        await uow.requests.transition(late.id, {Status.OPEN}, Status.EXPIRED, T0 + 40 * MIN)
        assert [r.id for r in await uow.requests.due(T0 + 40 * MIN, 10)] == [soon.id]
        assert [r.id for r in await uow.requests.active_of_requester(-100, 7)] == [soon.id]


async def test_processed_updates(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        assert await uow.updates.first_time("u:1") is True
        assert await uow.updates.first_time("u:1") is False
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.updates.first_time("u:1") is False
        assert await uow.updates.first_time("u:2") is True


async def test_people(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        await uow.people.seen(5, "Li", None, started_bot=True)
        person = await uow.people.seen(5, "Li Wei", "liwei")
        await uow.people.set_home(5, "198", "Huli Garden", "Siming")
        await uow.people.set_home(6, "3", None, None)
        await uow.commit()
    assert person.started_bot and person.name == "Li Wei" and person.username == "liwei"
    async with uow_factory() as uow:
        got = await uow.people.get(5)
        assert got is not None and (got.home_building, got.home_community) == ("198", "Siming")
        assert got.started_bot is True, "started_bot only ever turns on"
        assert await uow.people.get(404) is None


def _volunteer(user_id: int, community: str = "Siming", **changes: object) -> Volunteer:
    base = Volunteer(
        user_id=user_id,
        name=f"v{user_id}",
        building="198",
        compound="Huli Garden",
        community=community,
        skills=frozenset({"doctor", "cook"}),
        hours=(HourWindow(*map(_t, ("08:00", "12:00"))), HourWindow(*map(_t, ("18:00", "21:30")))),
        registered_at=T0,
    )
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def _t(value: str) -> time:
    return time.fromisoformat(value)


async def test_volunteers_round_trip_and_serving(uow_factory: UnitOfWorkFactory) -> None:
    one = _volunteer(1)
    two = _volunteer(2, "Huli", also_serves=("Siming",), quiet=None, paused=True)
    three = _volunteer(3, "Huli")
    async with uow_factory() as uow:
        for v in (one, two, three):
            await uow.volunteers.save(v)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.volunteers.get(1) == one
        assert await uow.volunteers.get(2) == two
        assert [v.user_id for v in await uow.volunteers.serving("Siming")] == [1, 2]
        assert [v.user_id for v in await uow.volunteers.serving("Huli")] == [2, 3]
        one.max_open_claims = 5
        await uow.volunteers.save(one)
        await uow.commit()
    async with uow_factory() as uow:
        got = await uow.volunteers.get(1)
        assert got is not None and got.max_open_claims == 5


async def test_records_aggregate_claims_and_calls(uow_factory: UnitOfWorkFactory) -> None:
    ids = [(await add_request(uow_factory, new_request(m))).id for m in range(1, 6)]
    async with uow_factory() as uow:
        r = uow.requests
        await r.try_claim(ids[0], 21, "Li", T0 + MIN)
        await r.transition(ids[0], {Status.CLAIMED}, Status.DONE, T0 + 2 * MIN)
        await r.try_claim(ids[1], 21, "Li", T0 + MIN)
        await r.release(ids[1], 21, T0 + 2 * MIN)
        await r.try_claim(ids[2], 21, "Li", T0 + MIN)
        await r.transition(ids[2], {Status.CLAIMED}, Status.EXPIRED, T0 + 2 * MIN)
        await r.try_claim(ids[3], 21, "Li", T0 + MIN)
        await r.try_claim(ids[4], 22, "Wang", T0 + MIN)
        await r.transition(ids[4], {Status.CLAIMED}, Status.CANCELLED, T0 + 2 * MIN)
        await uow.calls.add(ids[0], [21, 22], 0, T0)
        await uow.calls.add(ids[1], [21], 1, T0 + 3 * MIN)
        await uow.commit()
    async with uow_factory() as uow:
        records = await uow.volunteers.records([21, 22, 23], T0)
        later = await uow.volunteers.records([21], T0 + 10 * MIN)
        assert await uow.volunteers.records([], T0) == {}
    mine = records[21]
    assert (mine.open_claims, mine.kept, mine.released, mine.expired) == (1, 1, 1, 1)
    assert mine.last_called_at == T0 + 3 * MIN
    theirs = records[22]
    assert (theirs.open_claims, theirs.kept, theirs.released, theirs.expired) == (0, 0, 0, 0)
    assert theirs.last_called_at == T0
    assert records[23].last_called_at is None
    assert (later[21].open_claims, later[21].kept) == (1, 0)


async def test_calls_and_declines(uow_factory: UnitOfWorkFactory) -> None:
    request = await add_request(uow_factory)
    async with uow_factory() as uow:
        await uow.calls.add(request.id, [21, 22], 0, T0)
        await uow.calls.add(request.id, [], 1, T0)
        assert await uow.calls.called(request.id) == {21, 22}
        assert await uow.calls.decline(request.id, 21, T0 + MIN) is True
        assert await uow.calls.decline(request.id, 21, T0 + MIN) is False, "declined twice"
        assert await uow.calls.decline(request.id, 99, T0 + MIN) is False, "never called"
        assert await uow.calls.declined(request.id) == {21}


async def test_events_in_order_with_detail(uow_factory: UnitOfWorkFactory) -> None:
    request = await add_request(uow_factory)
    posted = Event(request.id, EventType.POSTED, 7, T0, {"category": "errand", "ring": 0})
    claimed = Event(request.id, EventType.CLAIMED, 21, T0 + MIN)
    async with uow_factory() as uow:
        await uow.events.add(claimed)
        await uow.events.add(posted)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.events.for_request(request.id) == [posted, claimed]
        assert await uow.events.for_request(request.id + 1) == []


async def test_lists(uow_factory: UnitOfWorkFactory) -> None:
    await add_request(uow_factory, new_request(chat_id=-100, community="Siming"))
    offer = Offer(-100, 5, "我会修电脑", "tech", "198", T0)
    lamp = Concern(-100, 5, "路灯坏了", "public", "198", T0)
    lift = Concern(-300, 6, "电梯太慢", "public", None, T0 + MIN)
    async with uow_factory() as uow:
        await uow.people.set_home(6, "3", "Other", "Huli")
        assert await uow.lists.add_offer(offer) >= 1
        first = await uow.lists.add_concern(lamp)
        second = await uow.lists.add_concern(lift)
        assert second != first
        await uow.commit()
    async with uow_factory() as uow:
        # A raising without a community takes the chat's (its latest request's), else its author's.
        lamp, lift = replace(lamp, community="Siming"), replace(lift, community="Huli")
        assert await uow.lists.concerns() == [lamp, lift]
        assert await uow.lists.concerns("Siming") == [lamp]
        assert await uow.lists.concerns("Huli") == [lift]


async def test_a_sent_card_is_found_by_its_ref_and_its_message(backend: Backend) -> None:
    request = await add_request(backend.uow)
    async with backend.uow() as uow:
        await uow.outbox.add(Send(-100, "card", ref=f"card:{request.id}"), request_id=request.id)
        await uow.commit()
    [item] = await backend.queue.lease(T0, 10, 30)
    await backend.queue.sent(item, 900, T0)
    assert await backend.queue.message_of(f"card:{request.id}") == 900
    async with backend.uow() as uow:
        by_card = await uow.requests.by_message(-100, 900)
        assert by_card is not None and by_card.id == request.id
    assert T0.tzinfo is UTC


# --- the grid and the chats -----------------------------------------------------------------


def _grid(*buildings: str, chats: tuple[int, ...] = (-100, -200), coordinates: bool = True) -> Grid:
    tuqiang = Compound(
        "图强小区", "深田社区", buildings, chats[:1], {"198": (1.5, -2.0)} if coordinates else {}
    )
    jianshe = Compound("建设小区", "深田社区", ("5",), chats[1:])
    return Grid((Community("深田社区", (1001,), (tuqiang, jianshe)),))


async def _sync(uow_factory: UnitOfWorkFactory, grid: Grid, at: datetime) -> None:
    async with uow_factory() as uow:
        await uow.grid.sync(grid, at)
        await uow.commit()


async def _stored(uow_factory: UnitOfWorkFactory) -> tuple[dict[str, GridBuilding], dict[int, KnownChat]]:
    async with uow_factory() as uow:
        buildings = {b.building: b for b in await uow.grid.buildings()}
        chats = {c.chat_id: c for c in await uow.grid.chats()}
    return buildings, chats


async def test_grid_sync_inserts_buildings_and_configured_chats(uow_factory: UnitOfWorkFactory) -> None:
    await _sync(uow_factory, _grid("196", "198"), T0)
    await _sync(uow_factory, _grid("196", "198"), T0 + MIN)  # idempotent
    buildings, chats = await _stored(uow_factory)
    assert buildings == {
        "196": GridBuilding("深田社区", "图强小区", "196", None, None, None),
        "198": GridBuilding("深田社区", "图强小区", "198", 1.5, -2.0, None),
        "5": GridBuilding("深田社区", "建设小区", "5", None, None, None),
    }
    assert chats == {
        -200: KnownChat(-200, "group", "深田社区", "建设小区", T0, T0, True),
        -100: KnownChat(-100, "group", "深田社区", "图强小区", T0, T0, True),
    }
    assert chats[-100].first_seen_at.tzinfo is not None


async def test_grid_resync_retires_a_removed_building_and_unretires_it_when_it_returns(
    uow_factory: UnitOfWorkFactory,
) -> None:
    await _sync(uow_factory, _grid("196", "198"), T0)
    await _sync(uow_factory, _grid("196"), T0 + MIN)
    buildings, _ = await _stored(uow_factory)
    assert buildings["198"].retired_at == T0 + MIN
    assert buildings["196"].retired_at is None and buildings["5"].retired_at is None

    await _sync(uow_factory, _grid("196"), T0 + 2 * MIN)  # still gone: retired when it went
    buildings, _ = await _stored(uow_factory)
    assert buildings["198"].retired_at == T0 + MIN

    await _sync(uow_factory, _grid("196", "198", coordinates=False), T0 + 3 * MIN)
    buildings, _ = await _stored(uow_factory)
    assert buildings["198"] == GridBuilding("深田社区", "图强小区", "198", None, None, None)
    assert len(buildings) == 3


async def test_grid_sync_flags_chats_no_longer_configured(uow_factory: UnitOfWorkFactory) -> None:
    await _sync(uow_factory, _grid("198"), T0)
    async with uow_factory() as uow:
        await uow.grid.chat_seen(-100, False, "图强小区", "深田社区", T0 + MIN)
        await uow.commit()
    await _sync(uow_factory, _grid("198", chats=(-100,)), T0 + 2 * MIN)
    _, chats = await _stored(uow_factory)
    assert not chats[-200].configured and chats[-100].configured
    assert (chats[-100].first_seen_at, chats[-100].last_seen_at) == (T0, T0 + MIN)  # sync is no sighting

    await _sync(uow_factory, _grid("198", chats=(-200, -300)), T0 + 3 * MIN)  # -200 moves compound
    _, chats = await _stored(uow_factory)
    assert [c for c, known in sorted(chats.items()) if known.configured] == [-300, -200]
    assert chats[-200] == KnownChat(-200, "group", "深田社区", "图强小区", T0, T0, True)
    assert chats[-300] == KnownChat(-300, "group", "深田社区", "建设小区", T0 + 3 * MIN, T0 + 3 * MIN, True)
    assert not chats[-100].configured and chats[-100].compound == "图强小区"  # kept where it was


async def test_chat_seen_inserts_then_bumps_last_seen(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        await uow.grid.chat_seen(-100, False, "图强小区", "深田社区", T0)
        await uow.grid.chat_seen(-900, False, None, None, T0)
        await uow.grid.chat_seen(42, True, None, None, T0)
        await uow.commit()
    async with uow_factory() as uow:
        await uow.grid.chat_seen(-100, False, "图强小区", "深田社区", T0 + 2 * MIN)
        await uow.grid.chat_seen(-100, False, "图强小区", "深田社区", T0 + MIN)  # late: never backwards
        await uow.grid.chat_seen(42, True, None, None, T0 + MIN)
        await uow.commit()
    _, chats = await _stored(uow_factory)
    assert chats == {
        -900: KnownChat(-900, "group", None, None, T0, T0, False),
        -100: KnownChat(-100, "group", "深田社区", "图强小区", T0, T0 + 2 * MIN, True),
        42: KnownChat(42, "private", None, None, T0, T0 + MIN, False),
    }
    async with uow_factory() as uow:
        await uow.grid.chat_seen(-900, False, None, None, T0 + MIN)  # uncommitted: rolled back
    _, chats = await _stored(uow_factory)
    assert chats[-900].last_seen_at == T0
