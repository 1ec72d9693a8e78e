"""The concern book, offers and people by username: one contract on the fakes, SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from handlers.domain import Concern, Offer
from handlers.domain.concerns import ConcernStatus, Matter, MatterEvent, MatterEventType
from handlers.ports import UnitOfWorkFactory
from tests.integration.helpers import T0

pytestmark = pytest.mark.asyncio
HOUR = timedelta(hours=1)


def matter(text: str, *, compound: str = "Lianhua", category: str | None = "facility", residents: int = 1,
           community: str = "Siming", status: ConcernStatus = ConcernStatus.RAISED) -> Matter:
    return Matter(0, community, compound, "198", category, text, status, T0, T0, residents, residents, (-100,))


async def test_matters_are_stored_found_and_saved_whole(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        lift = await uow.concern_book.add(matter("电梯坏了"))
        assert lift.id > 0 and lift == replace(matter("电梯坏了"), id=lift.id)
        await uow.commit()
    changed = replace(lift, status=ConcernStatus.FIXED, raised=4, residents=3, chats=(-100, -200), owner_id=2**40,
                      owner_name="王书记", note="已报修", outcome="已更换主板", meeting=date(2025, 6, 10),
                      last_at=T0 + HOUR, closed_at=T0 + 2 * HOUR)
    async with uow_factory() as uow:
        await uow.concern_book.save(changed)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.concern_book.get(lift.id) == changed
        assert await uow.concern_book.get(lift.id + 99) is None


async def test_merge_candidates_are_open_of_one_compound_and_category_most_raised_first(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        book = uow.concern_book
        few = await book.add(matter("a", residents=1))
        many = await book.add(matter("b", residents=5))
        await book.add(matter("c", status=ConcernStatus.FIXED))
        await book.add(matter("d", compound="Other"))
        await book.add(matter("e", category="noise"))
        none = await book.add(matter("f", category=None))
        await book.add(matter("g", community="Huli", compound="Huli1"))
        await uow.commit()
    async with uow_factory() as uow:
        book = uow.concern_book
        assert [m.id for m in await book.open_like("Lianhua", "facility")] == [many.id, few.id]
        assert [m.id for m in await book.open_like("Lianhua", None)] == [none.id]
        assert {m.text for m in await book.listed(["Siming"])} == set("abcdef")
        assert {m.text for m in await book.listed(["Siming", "Huli"], "Huli1")} == {"g"}
        assert await book.listed([]) == []


async def test_raisings_and_history_come_back_oldest_first(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        lift = await uow.concern_book.add(matter("电梯坏了"))
        second = Concern(-200, 6, "电梯又停了", "facility", None, T0 + HOUR, 51, lift.id, "Siming", "Lianhua")
        first = Concern(-100, 5, "电梯坏了", "facility", "198", T0, 50, lift.id, "Siming", "Lianhua")
        await uow.lists.add_concern(second)
        await uow.lists.add_concern(first)
        await uow.lists.add_concern(Concern(-100, 7, "别的事", None, None, T0, 52))
        late = MatterEvent(lift.id, MatterEventType.STATUS, 9, T0 + HOUR, {"from": "raised", "to": "fixed"})
        early = MatterEvent(lift.id, MatterEventType.RAISED, 5, T0, {"chat_id": -100})
        await uow.concern_book.log(late)
        await uow.concern_book.log(early)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.concern_book.raisings(lift.id) == [first, second]
        assert await uow.concern_book.history(lift.id) == [early, late]
        assert await uow.concern_book.history(lift.id + 1) == []


async def test_offers_of_some_chats_newest_first_with_their_ids(uow_factory: UnitOfWorkFactory) -> None:
    old = Offer(-100, 5, "轮椅可以借", "borrow", None, T0)
    new = Offer(-100, 6, "I can lend a ladder", "borrow", "197", T0 + HOUR)
    elsewhere = Offer(-300, 7, "梯子", None, None, T0)
    async with uow_factory() as uow:
        ids = [await uow.lists.add_offer(o) for o in (old, new, elsewhere)]
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.lists.offers([-100, -200]) == [replace(new, id=ids[1]), replace(old, id=ids[0])]
        assert await uow.lists.offers([]) == []


async def test_a_person_is_found_by_username_in_any_case(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        await uow.people.seen(5, "陈阿姨", "ChenAyi")
        await uow.people.seen(6, "老王", None)
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.people.by_username("chenayi")
        assert found is not None and found.user_id == 5
        assert await uow.people.by_username("laowang") is None
