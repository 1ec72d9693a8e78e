"""Concerns to meetings through Core.handle over the fakes: merging, the entry, its buttons, /agenda,
and the groups told when a concern is fixed."""

from __future__ import annotations

from handlers.chat import Edit, Send
from handlers.domain.concerns import ConcernStatus, MatterEventType
from handlers.domain.desk import desk_ref, entry_data
from tests.unit.core_helpers import (
    CHAT,
    FAR_CHAT,
    NEIGHBOUR,
    OTHER_CHAT,
    OTHER_SECRETARY,
    REQUESTER,
    SECRETARY,
    World,
    answers,
    edits,
    sends,
)

LIFT = [
    "198号楼的电梯又坏了,老人上下楼太不方便了",
    "198栋电梯又坏啦,什么时候修啊",
    "电梯坏了好几天了,198号楼的老人爬楼梯太辛苦",
]
THIRD = 2003


async def raised_by_three(w: World) -> list[int]:
    """Three neighbours raise the broken lift; returns their message ids."""
    ids = []
    for who, text in zip((REQUESTER, NEIGHBOUR, THIRD), LIFT, strict=True):
        message = w.message(who, text)
        outcome = await w.core.handle(message)
        assert outcome.name == "concern", outcome
        ids.append(message.message_id)
    return ids


async def entry_token(w: World, text: str = "/concern 1") -> int:
    """The secretary opens the entry privately; the token its buttons carry."""
    message = w.message(SECRETARY, text, private=True)
    outcome = await w.core.handle(message)
    assert outcome.name in ("concern_shown", "concern_changed"), outcome
    return message.update_id


async def test_three_neighbours_raising_the_same_problem_make_one_counted_matter() -> None:
    w = World()
    mark = w.mark()
    await raised_by_three(w)
    await w.say(NEIGHBOUR, "晚上广场舞太吵了,197号楼都睡不着")  # another matter

    [lift, noise] = sorted(w.store.matters.values(), key=lambda m: m.id)
    assert (lift.raised, lift.residents, lift.building, lift.status) == (3, 3, "198", ConcernStatus.RAISED)
    assert noise.category == "noise" and noise.residents == 1
    assert [c.matter_id for c, _ in w.store.concerns] == [1, 1, 1, 2]
    acks = [s.text for s in sends(w.since(mark), CHAT)]
    assert acks == ["text|concern_ack|id=1", "text|concern_merged|count=2,id=1", "text|concern_merged|count=3,id=1",
                    "text|concern_ack|id=2"]
    assert [e.type for e in w.store.matter_events] == [MatterEventType.RAISED, MatterEventType.MERGED,
                                                        MatterEventType.MERGED, MatterEventType.RAISED]


async def test_the_same_resident_raising_it_twice_counts_once_among_residents() -> None:
    w = World()
    await w.say(NEIGHBOUR, LIFT[0])
    await w.say(NEIGHBOUR, LIFT[1])
    [lift] = w.store.matters.values()
    assert (lift.raised, lift.residents) == (2, 1)


async def test_a_concern_in_another_compound_is_another_matter() -> None:
    w = World()
    await w.say(NEIGHBOUR, "电梯又坏了")
    await w.say(REQUESTER, "电梯又坏了", chat=OTHER_CHAT)
    assert sorted(m.compound or "" for m in w.store.matters.values()) == ["图强小区", "建设小区"]


async def test_the_entry_goes_to_the_secretary_with_buttons_that_change_it_in_place() -> None:
    w = World()
    await raised_by_three(w)
    mark = w.mark()
    token = await entry_token(w)
    [entry] = sends(w.since(mark), SECRETARY)
    assert entry.ref == desk_ref(token)
    assert entry.text.startswith("entry|#1|raised|residents=3|raised=3")
    datas = [b.data for row in entry.keyboard for b in row]
    assert datas == [entry_data(1, k, token) for k in ("t", "h", "f", "d", "m")]

    mark = w.mark()
    refused = await w.core.handle(w.button(NEIGHBOUR, entry_data(1, "h", token), chat=NEIGHBOUR))
    assert refused.name == "desk_refused" and w.store.matters[1].status is ConcernStatus.RAISED
    assert answers(w.since(mark))[0].text == "text|desk_refused|"

    mark = w.mark()
    outcome = await w.core.handle(w.button(SECRETARY, entry_data(1, "h", token), chat=SECRETARY))
    assert outcome.name == "concern_marked" and outcome.detail["status"] == ConcernStatus.IN_HAND.value
    [edit] = edits(w.since(mark))
    assert (edit.chat_id, edit.ref) == (SECRETARY, desk_ref(token))
    assert edit.text.startswith("entry|#1|in_hand") and entry_data(1, "h", token) not in str(edit.keyboard)
    assert answers(w.since(mark))[0].text == "text|concern_updated|id=1"

    await w.core.handle(w.button(SECRETARY, entry_data(1, "m", token), chat=SECRETARY))
    assert (w.store.matters[1].owner_id, w.store.matters[1].owner_name) == (SECRETARY, f"u{SECRETARY}")


async def test_fixed_tells_each_group_where_it_was_raised_naming_no_one() -> None:
    w = World()
    first, _, last = await raised_by_three(w)
    await w.say(NEIGHBOUR, "电梯又坏了,198号楼", chat=OTHER_CHAT)  # 建设小区: its own matter, not told
    await entry_token(w, "/concern 1 outcome 物业已更换电梯主板,6月5日验收")
    token = await entry_token(w)
    mark = w.mark()

    await w.core.handle(w.button(SECRETARY, entry_data(1, "f", token), chat=SECRETARY))

    [notice] = [s for s in sends(w.since(mark)) if s.chat_id < 0]
    assert notice.chat_id == CHAT and notice.reply_to_message_id == last != first
    assert notice.text.startswith("text|concern_fixed_notice|count=3,id=1,text=198号楼的电梯又坏了")
    assert "u2001" not in notice.text and "物业已更换电梯主板" in notice.text
    matter = w.store.matters[1]
    assert matter.status is ConcernStatus.FIXED and matter.closed_at == w.clock.now()
    told = [e for e in w.store.matter_events if e.type is MatterEventType.TOLD]
    assert [e.detail for e in told] == [{"chats": [CHAT]}]


async def test_notes_owners_and_outcomes_are_recorded_one_event_each() -> None:
    w = World()
    await raised_by_three(w)
    await w.say(THIRD, "/start", private=True)  # the bot has seen @user2003
    await entry_token(w, "/concern 1 note 已联系物业,等电梯公司报价")
    await entry_token(w, "/concern #1 owner @USER2003")
    await entry_token(w, "/concern 1 status in_hand")
    await entry_token(w, "/concern 1 outcome 电梯主板已更换")
    matter = w.store.matters[1]
    assert (matter.note, matter.owner_id, matter.status, matter.outcome) == (
        "已联系物业,等电梯公司报价", THIRD, ConcernStatus.IN_HAND, "电梯主板已更换")
    kinds = [e.type for e in w.store.matter_events if e.matter_id == 1][3:]
    assert kinds == [MatterEventType.NOTE, MatterEventType.OWNER, MatterEventType.STATUS, MatterEventType.OUTCOME]


async def test_bad_concern_commands_get_a_clear_answer_and_change_nothing() -> None:
    w = World()
    await raised_by_three(w)
    for text, key in [
        ("/concern", "concern_usage"), ("/concern x", "concern_usage"), ("/concern 1 status lost", "concern_usage"),
        ("/concern 1 note", "concern_usage"), ("/concern 9", "concern_unknown"),
        ("/concern 1 owner @nobody", "concern_owner_unknown"),
    ]:
        outcome = await w.say(SECRETARY, text, private=True)
        assert outcome.name == ("usage" if key.endswith("_usage") else key), text
    assert (await w.say(NEIGHBOUR, "/concern 1", private=True)).name == "desk_refused"
    # Another community's secretary learns nothing of this one's concerns.
    assert (await w.say(OTHER_SECRETARY, "/concern 1", private=True)).name == "concern_unknown"
    assert w.store.matters[1].status is ConcernStatus.RAISED and len(w.store.matter_events) == 3


async def test_the_agenda_lists_open_concerns_most_raised_first_and_tables_them() -> None:
    w = World()
    await w.say(NEIGHBOUR, "晚上广场舞太吵了,197号楼都睡不着")  # #1, one resident
    for who, text in zip((REQUESTER, NEIGHBOUR, THIRD), LIFT, strict=True):
        await w.say(who, text)  # #2, three residents
    await w.say(OTHER_SECRETARY, "/start", private=True)
    await w.say(REQUESTER, "路灯坏了好几天", chat=FAR_CHAT)  # another community's
    await w.say(SECRETARY, "/start", private=True)
    mark = w.mark()

    outcome = await w.say(SECRETARY, "/agenda 2025-06-10", private=True)

    assert outcome.detail == {"items": [2, 1], "tabled": 2, "private": True}
    [agenda] = sends(w.since(mark), SECRETARY)
    assert agenda.text == "agenda|2025-06-10|tabled=2|#2,#1"
    assert {m.id: (m.status, m.meeting and m.meeting.isoformat()) for m in w.store.matters.values() if m.id < 3} == {
        1: (ConcernStatus.TABLED, "2025-06-10"), 2: (ConcernStatus.TABLED, "2025-06-10")}
    assert (await w.say(SECRETARY, "/agenda", private=True)).detail["tabled"] == 0
    assert (await w.say(SECRETARY, "/agenda 2025-13-01", private=True)).name == "usage"
    assert (await w.say(SECRETARY, "/agenda 2020-01-01", private=True)).name == "usage"
    assert (await w.say(NEIGHBOUR, "/agenda")).name == "desk_refused"


async def test_a_secretary_asking_in_the_group_gets_the_list_privately() -> None:
    w = World()
    await raised_by_three(w)
    not_started = await w.say(SECRETARY, "/concerns")
    assert not_started.answer == "text|desk_start_first|" and not_started.detail["private"] is False
    await w.say(SECRETARY, "/start", private=True)
    mark = w.mark()
    outcome = await w.say(SECRETARY, "/concerns")
    assert outcome.answer == "text|desk_sent_privately|"
    [listed] = sends(w.since(mark), SECRETARY)
    assert listed.text == "desk|c|page=0/1|total=1|#1"
    assert [s.text for s in sends(w.since(mark), CHAT)] == ["text|desk_sent_privately|"]
    assert isinstance(listed, Send) and not isinstance(listed, Edit)
