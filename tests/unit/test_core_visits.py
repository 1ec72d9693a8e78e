"""Visit rosters through Core.handle and the rosters' sweep, over the fakes: /roster, reminders,
the carer's taps and notes, "needs help", overdue visits and who may do what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from handlers.chat import Edit, Send
from handlers.domain import Status
from handlers.domain.visits import Need, VisitAction, VisitEventType, answer_button, reminder_ref
from handlers.rounds import sweep_rounds
from tests.unit.core_helpers import CHAT, FAR_CHAT, OTHER_SECRETARY, SECRETARY, World, key_of, sends

CARER = 3001
RESIDENT_NAME = "张奶奶"


async def _world(*, carer_started: bool = True) -> World:
    w = World()
    await w.volunteer(CARER, "198 陪护", started=carer_started)
    await w.say(SECRETARY, "/start", private=True)
    await w.say(OTHER_SECRETARY, "/start", private=True)
    return w


async def _add(w: World, args: str = f"198 {CARER} {RESIDENT_NAME} 独居 3/5") -> int:
    outcome = await w.say(SECRETARY, f"/roster add {args}", private=True)
    assert outcome.name == "roster_added", outcome
    entry_id = outcome.detail["id"]
    assert isinstance(entry_id, int)
    return entry_id


def _reminders(w: World, mark: int) -> list[Send]:
    return [s for s in sends(w.since(mark), CARER) if key_of(s).startswith("visit_remind")]


async def test_a_secretary_adds_a_resident_and_the_carer_is_reminded_at_once() -> None:
    w = await _world()
    entry_id = await _add(w)
    entry = w.store.roster[entry_id]
    assert (entry.building, entry.need, entry.carer_id, entry.contact_every, entry.visit_every) == (
        "198", Need.ELDERLY, CARER, 3, 5,
    )
    assert entry.name == RESIDENT_NAME and entry.next_due_at == w.clock.now()
    # The first visit falls on the fifth local day, at the reminder hour (09:00 Shanghai = 01:00 UTC).
    assert entry.visit_due_at == datetime(2025, 6, 7, 1, 0, tzinfo=UTC)
    mark = w.mark()

    [outcome] = await sweep_rounds(w.ctx, w.factory)

    assert outcome.name == "visit_reminded" and outcome.detail["reached"] is True
    [reminder] = _reminders(w, mark)
    assert key_of(reminder) == "visit_remind_contact" and RESIDENT_NAME in reminder.text
    buttons = [b.data for row in reminder.keyboard for b in row]
    reminder_id = int(buttons[0].split(":")[2])
    assert buttons == [answer_button(entry_id, reminder_id, a) for a in VisitAction]
    assert reminder.ref == reminder_ref(entry_id, reminder_id)
    types = [e.type for _, e in w.store.visit_events]
    assert types == [VisitEventType.ADDED, VisitEventType.REMINDED_CONTACT]
    assert await sweep_rounds(w.ctx, w.factory) == [], "one reminder per due"


async def test_the_carer_taps_contacted_then_adds_a_note_by_replying() -> None:
    w = await _world()
    entry_id = await _add(w)
    await sweep_rounds(w.ctx, w.factory)
    reminder_id = w.store.visit_events[-1][0]
    data = answer_button(entry_id, reminder_id, VisitAction.CONTACTED)
    mark = w.mark()

    outcome = await w.core.handle(w.button(CARER, data, chat=CARER, message_id=777))

    assert outcome.name == "visit_answered"
    entry = w.store.roster[entry_id]
    assert entry.contact_due_at == datetime(2025, 6, 5, 1, 0, tzinfo=UTC), "three local days on, 09:00"
    assert not entry.contact_reminded
    [redraw] = [a for a in w.since(mark) if isinstance(a, Edit)]
    assert redraw.ref == reminder_ref(entry_id, reminder_id) and key_of(redraw) == "visit_answered"
    again = await w.core.handle(w.button(CARER, data, chat=CARER, message_id=777))
    assert again.name == "visit_already"

    note = await w.say(CARER, "她说膝盖疼,周末我带她去社区医院", private=True, reply_to=777)

    assert note.name == "visit_noted"
    last = w.store.visit_events[-1][1]
    assert last.type is VisitEventType.NOTE and last.detail["text"] == "她说膝盖疼,周末我带她去社区医院"
    assert last.detail["on"] == "contacted" and last.actor_id == CARER


async def test_needs_help_opens_a_request_in_the_building_group_without_naming_the_resident() -> None:
    w = await _world()
    entry_id = await _add(w)
    await sweep_rounds(w.ctx, w.factory)
    reminder_id = w.store.visit_events[-1][0]
    mark = w.mark()

    outcome = await w.core.handle(
        w.button(CARER, answer_button(entry_id, reminder_id, VisitAction.NEEDS_HELP), chat=CARER)
    )

    request_id = outcome.detail["request_id"]
    assert isinstance(request_id, int)
    request = w.request(request_id)
    assert (request.chat_id, request.building, request.requester_id, request.status) == (CHAT, "198", CARER,
                                                                                         Status.OPEN)
    assert request.message_id < 0, "no words in the group asked: a negative id"
    group = sends(w.since(mark), CHAT)
    assert group and all(RESIDENT_NAME not in s.text and "elderly" not in s.text for s in group)
    assert RESIDENT_NAME not in request.text
    needs = [e for _, e in w.store.visit_events if e.type is VisitEventType.NEEDS_HELP]
    assert [e.detail["request_id"] for e in needs] == [request_id]
    assert (await w.core.handle(
        w.button(CARER, answer_button(entry_id, reminder_id, VisitAction.NEEDS_HELP), chat=CARER)
    )).name == "visit_already", "a double tap opens no second request"
    assert len(w.requests()) == 1


async def test_a_visit_not_reported_reaches_the_secretary_once() -> None:
    w = await _world()
    entry_id = await _add(w)
    await sweep_rounds(w.ctx, w.factory)
    w.clock.set(datetime(2025, 6, 7, 1, 0, tzinfo=UTC))
    mark = w.mark()
    [visit] = await sweep_rounds(w.ctx, w.factory)
    assert visit.detail["due"] == "visit"
    assert [key_of(s) for s in _reminders(w, mark)] == ["visit_remind_visit"]
    assert w.store.roster[entry_id].contact_reminded, "a visit reminder covers the contact due too"

    w.clock.set(datetime(2025, 6, 8, 1, 0, tzinfo=UTC))
    mark = w.mark()
    [overdue] = await sweep_rounds(w.ctx, w.factory)

    assert overdue.name == "visit_overdue"
    [told] = sends(w.since(mark), SECRETARY)
    assert key_of(told) == "visit_overdue" and RESIDENT_NAME in told.text
    assert not sends(w.since(mark), OTHER_SECRETARY)
    w.clock.advance(timedelta(days=1))
    assert await sweep_rounds(w.ctx, w.factory) == [], "told once; nothing more until the carer answers"


async def test_a_carer_the_bot_cannot_write_to_is_reported_to_the_secretaries() -> None:
    w = await _world(carer_started=False)
    outcome = await w.say(SECRETARY, f"/roster add 198 {CARER} {RESIDENT_NAME}", private=True)
    assert "roster_carer_not_started" in (outcome.answer or "")
    mark = w.mark()
    [reminded] = await sweep_rounds(w.ctx, w.factory)
    assert reminded.detail["reached"] is False
    assert not sends(w.since(mark), CARER)
    assert [key_of(s) for s in sends(w.since(mark), SECRETARY)] == ["visit_carer_unreachable"]


async def test_roster_lists_due_entries_privately_even_from_the_group() -> None:
    w = await _world()
    entry_id = await _add(w)
    mark = w.mark()

    outcome = await w.say(SECRETARY, "/roster")

    assert outcome.name == "roster_listed" and outcome.detail["due"] == [entry_id]
    in_group = sends(w.since(mark), CHAT)
    assert [key_of(s) for s in in_group] == ["desk_sent_privately"]
    [listed] = sends(w.since(mark), SECRETARY)
    assert listed.text == f"roster|{entry_id}"
    assert all(RESIDENT_NAME not in s.text for s in in_group)


async def test_roster_off_takes_an_entry_off_and_its_timers_with_it() -> None:
    w = await _world()
    entry_id = await _add(w)
    refused = await w.say(OTHER_SECRETARY, f"/roster off {entry_id}", private=True)
    assert key_of(Send(0, refused.answer or "")) == "roster_no_entry", "another community's entry is not theirs"

    outcome = await w.say(SECRETARY, f"/roster off #{entry_id}", private=True)

    assert outcome.name == "roster_off"
    entry = w.store.roster[entry_id]
    assert entry.off_at == w.clock.now() and entry.next_due_at is None
    assert await sweep_rounds(w.ctx, w.factory) == []
    assert (await w.say(SECRETARY, "/roster", private=True)).detail["count"] == 0


async def test_only_secretaries_use_roster_and_only_carers_answer() -> None:
    w = await _world()
    refused = await w.say(CARER, "/roster", private=True)
    assert refused.name == "refused" and key_of(Send(0, refused.answer or "")) == "secretary_only"
    far = await w.say(OTHER_SECRETARY, f"/roster add 198 {CARER} 某人", chat=FAR_CHAT)
    assert far.name == "roster_unknown_building", "198 is not in their community"
    entry_id = await _add(w)
    await sweep_rounds(w.ctx, w.factory)
    reminder_id = w.store.visit_events[-1][0]
    stranger = await w.core.handle(
        w.button(2002, answer_button(entry_id, reminder_id, VisitAction.VISITED), chat=2002)
    )
    assert stranger.name == "refused"


async def test_bad_roster_input_gets_the_usage_and_changes_nothing() -> None:
    w = await _world()
    for args in ("add", "add 198", f"add 198 {CARER}", f"add 198 {CARER} 张奶奶 9/3", "frobnicate", "off x"):
        outcome = await w.say(SECRETARY, f"/roster {args}", private=True)
        assert outcome.name == "usage", args
    unknown = await w.say(SECRETARY, "/roster add 198 @nobody 张奶奶", private=True)
    assert unknown.name == "person_unknown"
    assert w.store.roster == {}


async def test_a_carer_named_by_username_is_found() -> None:
    w = await _world()
    entry_id = await _add(w, f"198 @User{CARER} 李爷爷 ill")
    assert w.store.roster[entry_id].carer_id == CARER and w.store.roster[entry_id].need is Need.ILL
