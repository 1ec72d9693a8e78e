"""The three lists through Core.handle over the fakes: who may see them, what they hold, ◀ ▶."""

from __future__ import annotations

from datetime import timedelta

from handlers.domain.desk import DeskList, desk_ref, page_data
from handlers.intake.buttons import Verb
from tests.unit.core_helpers import (
    CHAT,
    NEIGHBOUR,
    OTHER_CHAT,
    OTHER_SECRETARY,
    SECRETARY,
    World,
    answers,
    edits,
    sends,
)


async def open_requests(w: World, n: int) -> None:
    for i in range(n):
        await w.post(f"198号楼谁能帮我取个快递?第{i + 1}个", sender=3000 + i)
        w.clock.advance(timedelta(minutes=1))


async def test_a_resident_still_gets_the_plain_open_list() -> None:
    w = World()
    await open_requests(w, 2)
    outcome = await w.say(NEIGHBOUR, "/open")
    assert outcome.answer == "open|total=2|ids=1,2"


async def test_the_demand_list_names_who_was_called_and_pages_in_place() -> None:
    w = World()
    await w.volunteer(4001, "198 跑腿")
    await w.volunteer(4002, "198 跑腿")
    await open_requests(w, 10)
    await w.press(4002, Verb.DECLINE, 1)
    await w.say(SECRETARY, "/start", private=True)
    message = w.message(SECRETARY, "/open", private=True)
    mark = w.mark()

    outcome = await w.core.handle(message)

    assert outcome.detail == {"total": 10, "pages": 2, "private": True}
    [page] = sends(w.since(mark), SECRETARY)
    assert page.ref == desk_ref(message.update_id)
    assert page.text.startswith("desk|o|page=0/2|total=10|#1:called=u4001:declined=1,#2:called=u4001+u4002")
    assert [b.data for row in page.keyboard for b in row] == [page_data(DeskList.OPEN, 1, 0, message.update_id)]

    mark = w.mark()
    turned = await w.core.handle(w.button(SECRETARY, page.keyboard[0][0].data, chat=SECRETARY))
    assert turned.name == "page_turned" and turned.detail == {"page": 1}
    [edit] = edits(w.since(mark))
    assert edit.ref == page.ref and edit.text.startswith("desk|o|page=1/2|total=10|#9")
    assert [b.data for row in edit.keyboard for b in row] == [page_data(DeskList.OPEN, 0, 0, message.update_id)]


async def test_a_page_press_acts_only_for_a_secretary_of_that_community() -> None:
    w = World()
    await open_requests(w, 1)
    data = page_data(DeskList.OPEN, 0, CHAT, 77)
    for who in (NEIGHBOUR, OTHER_SECRETARY):
        mark = w.mark()
        outcome = await w.core.handle(w.button(who, data, chat=who))
        assert outcome.name == "desk_refused"
        assert edits(w.since(mark)) == [] and answers(w.since(mark))[0].text == "text|desk_refused|"
    assert (await w.core.handle(w.button(SECRETARY, data, chat=SECRETARY))).name == "page_turned"
    broken = await w.core.handle(w.button(SECRETARY, "dk:p:o:zz", chat=SECRETARY))
    assert broken.name == "unknown_button"


async def test_the_resource_list_holds_volunteers_by_building_and_offers_valid_or_expired() -> None:
    w = World()
    await w.volunteer(4003, "197 电工")
    await w.volunteer(4001, "198 跑腿")
    await w.volunteer(4002, "196 医生")
    await w.volunteer(4004, "5 开车", chat=OTHER_CHAT)  # 建设小区
    await w.say(4002, "/volunteer off", private=True)
    await w.say(NEIGHBOUR, "我家有轮椅,谁需要可以借")  # offer 1, will expire
    w.clock.advance(timedelta(days=8))
    await w.say(NEIGHBOUR, "I can lend a ladder to anyone in 197")  # offer 2
    await w.say(SECRETARY, "/start", private=True)
    mark = w.mark()

    in_group = await w.say(SECRETARY, "/volunteers")

    assert in_group.answer == "text|desk_sent_privately|"
    [page] = sends(w.since(mark), SECRETARY)
    # The group's compound only, by building; then the offers, still valid first.
    assert page.text == ("desk|v|page=0/1|total=5|v4002:open=0:paused=True,v4003:open=0:paused=False,"
                         "v4001:open=0:paused=False,offer2:valid,offer1:expired")
    mark = w.mark()
    await w.say(SECRETARY, "/volunteers", private=True)  # everything the secretary keeps
    assert "v4004" in sends(w.since(mark), SECRETARY)[0].text
    assert (await w.say(NEIGHBOUR, "/volunteers")).name == "desk_refused"
    assert (await w.say(OTHER_SECRETARY, "/volunteers")).name == "desk_refused"  # not their community's group
