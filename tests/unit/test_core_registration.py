"""The private guided registration (/start volunteer) and the profile commands, through Core.handle."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.fakeapi.markup import MAX_CALLBACK_DATA, strip_html
from bot.render import HtmlRenderer
from handlers.chat import Button, Edit, Keyboard, Send
from handlers.domain import Community, Compound, Grid, HourWindow
from handlers.domain.sign_up import SKILLS, State, compound_key, encode
from handlers.intake.buttons import parse_button_data
from handlers.matching.skills import SKILL_LABELS, skill_label
from tests.unit.core_helpers import (
    BOT_USERNAME,
    CHAT,
    COMMUNITY,
    COMPOUND,
    FAR_CHAT,
    GRID,
    OTHER_COMMUNITY,
    World,
    answers,
    edits,
    key_of,
    sends,
)

VOLUNTEER = 3001
OTHER = 3002
TUQIANG = GRID.communities[0].compounds[0]  # 图强小区: 196, 197, 198


def ref(user_id: int = VOLUNTEER) -> str:
    return f"reg:{user_id}"


def flat(keyboard: Keyboard) -> list[Button]:
    return [button for row in keyboard for button in row]


def button(keyboard: Keyboard, label: str) -> Button:
    """The one button whose label contains `label` (KeyRenderer labels are "text|<key>|<values>")."""
    [found] = [b for b in flat(keyboard) if label in b.text]
    return found


def checked(keyboard: Keyboard) -> list[str]:
    return [b.text.removeprefix("✓ ") for b in flat(keyboard) if b.text.startswith("✓ ")]


class Flow:
    """One volunteer walking through the private flow, pressing what the last screen showed."""

    def __init__(self, w: World, user_id: int = VOLUNTEER) -> None:
        self.w, self.user_id = w, user_id
        self.keyboard: Keyboard = ()
        self.text = ""

    async def start(self) -> str:
        mark = self.w.mark()
        outcome = await self.w.say(self.user_id, "/start volunteer", private=True)
        [sent] = sends(self.w.since(mark))
        assert (sent.chat_id, sent.ref) == (self.user_id, ref(self.user_id))
        self.text, self.keyboard = sent.text, sent.keyboard
        return outcome.name

    async def tap(self, label: str) -> str:
        return await self.press(button(self.keyboard, label).data)

    async def press(self, data: str) -> str:
        mark = self.w.mark()
        outcome = await self.w.core.handle(self.w.button(self.user_id, data, chat=self.user_id))
        actions = self.w.since(mark)
        assert len(answers(actions)) == 1  # every press is answered, or the client spins
        for edit in edits(actions):
            assert (edit.chat_id, edit.ref) == (self.user_id, ref(self.user_id))
            self.text, self.keyboard = edit.text, edit.keyboard
        return outcome.name


# --- the whole flow ------------------------------------------------------------------------


async def test_the_guided_flow_registers_building_skills_and_hours_in_one_edited_message() -> None:
    w = World()
    flow = Flow(w)

    assert await flow.start() == "registration_started"
    assert key_of(Send(0, flow.text)) == "reg_building"
    assert len(flat(flow.keyboard)) == 7  # every building of the small test grid, compound named
    assert await flow.tap(f"{COMPOUND} 198") == "registration_step"
    assert "reg_skills" in flow.text and "building=198" in flow.text
    assert checked(flow.keyboard) == []
    await flow.tap("tag=doctor")
    await flow.tap("tag=electrician")
    await flow.tap("tag=doctor")  # pressed twice: off again
    assert checked(flow.keyboard) == ["text|reg_skill|tag=electrician"]
    assert await flow.tap("reg_next") == "registration_step"
    assert checked(flow.keyboard) == ["text|reg_hours_any|"]
    await flow.tap("reg_hours_evening")
    await flow.tap("reg_quiet_on")
    assert checked(flow.keyboard) == ["text|reg_hours_evening|"]
    assert "reg_quiet_off" in [b.text for b in flat(flow.keyboard)][-3]

    assert await flow.tap("reg_done") == "volunteer_registered"

    volunteer = w.store.volunteers[VOLUNTEER]
    assert (volunteer.building, volunteer.compound, volunteer.community) == ("198", COMPOUND, COMMUNITY)
    assert volunteer.skills == frozenset({"electrician"})
    assert volunteer.hours == (HourWindow(time(18), time(22)),)
    assert volunteer.quiet is None
    assert volunteer.started_bot and volunteer.registered_at == w.clock.now()
    assert w.store.people[VOLUNTEER].home_building == "198"
    assert flow.text.startswith("text|reg_saved|") and f"profile|{VOLUNTEER}|electrician" in flow.text
    assert flow.keyboard == ()


async def test_every_edit_lands_on_the_message_the_flow_sent() -> None:
    w = World()
    flow = Flow(w)
    await flow.start()
    await flow.tap("198")
    await flow.tap("tag=cook")

    refs = await w.deliver()

    assert ref() in refs
    assert all(status in ("sent", "superseded") for _, status in w.queue.statuses())


async def test_a_registered_volunteer_starts_from_their_own_compound_and_profile() -> None:
    w = World()
    await w.volunteer(VOLUNTEER, "197 电工 做饭")
    await w.say(VOLUNTEER, "/quiet 23:00-06:00", private=True)
    flow = Flow(w)

    await flow.start()
    assert [b.text for b in flat(flow.keyboard)] == ["196", "✓ 197", "198"]
    await flow.tap("197")
    assert sorted(checked(flow.keyboard)) == ["text|reg_skill|tag=cook", "text|reg_skill|tag=electrician"]
    await flow.tap("reg_next")
    await flow.tap("reg_done")

    volunteer = w.store.volunteers[VOLUNTEER]
    assert volunteer.skills == frozenset({"electrician", "cook"})
    assert volunteer.quiet == HourWindow(time(23), time(6))  # typed quiet hours survive the buttons


async def test_a_grid_too_big_for_buttons_asks_for_the_building_then_carries_on_with_skills() -> None:
    w = World()
    big = Compound("大社区小区", "大社区", tuple(str(n) for n in range(1, 31)), (-1003001,))
    w.ctx = replace(w.ctx, policy=replace(w.ctx.policy, grid=Grid((Community("大社区", (), (big,)),))))
    w.core.ctx = w.ctx
    flow = Flow(w)

    await flow.start()
    assert key_of(Send(0, flow.text)) == "reg_building_type" and flow.keyboard == ()
    mark = w.mark()
    assert (await w.say(VOLUNTEER, "/volunteer 17", private=True)).name == "volunteer_registered"

    [skills] = sends(w.since(mark))
    assert skills.ref == ref() and "reg_skills" in skills.text and "building=17" in skills.text
    flow.keyboard = skills.keyboard
    await flow.tap("tag=driver")
    await flow.tap("reg_next")
    assert await flow.tap("reg_done") == "volunteer_registered"
    assert w.store.volunteers[VOLUNTEER].skills == frozenset({"driver"})


async def test_back_from_hours_returns_to_the_skills_as_chosen() -> None:
    w = World()
    flow = Flow(w)
    await flow.start()
    await flow.tap("198")
    await flow.tap("tag=nurse")
    await flow.tap("reg_next")

    await flow.tap("reg_back")

    assert checked(flow.keyboard) == ["text|reg_skill|tag=nurse"]


# --- callback data: size, replays, forgeries --------------------------------------------------


def test_every_skill_has_a_bit_and_the_largest_state_fits_in_64_bytes() -> None:
    assert set(SKILLS) == set(SKILL_LABELS) and len(set(SKILLS)) == len(SKILLS)
    full = State(TUQIANG, "198号楼东单元", (1 << len(SKILLS)) - 1, 0xF)
    assert len(encode("d", full).encode()) <= 64
    assert parse_button_data(encode("s", full)) is None  # never mistaken for a request button


async def test_a_replayed_done_saves_the_same_profile_again() -> None:
    w = World()
    flow = Flow(w)
    await flow.start()
    await flow.tap("198")
    await flow.tap("tag=pets")
    await flow.tap("reg_next")
    done = button(flow.keyboard, "reg_done").data
    await flow.press(done)
    first = w.store.volunteers[VOLUNTEER]
    w.clock.advance(timedelta(days=3))

    assert await flow.press(done) == "volunteer_registered"

    assert w.store.volunteers[VOLUNTEER] == first  # registered_at included


async def test_a_redelivered_update_is_handled_once() -> None:
    w = World()
    await Flow(w).start()
    data = encode("d", State(TUQIANG, "198", 0, 0))
    press = w.button(VOLUNTEER, data, chat=VOLUNTEER)

    assert (await w.core.handle(press)).name == "volunteer_registered"
    assert (await w.core.handle(press)).name == "duplicate"


KEY = compound_key(TUQIANG)


@pytest.mark.parametrize(
    "data",
    [
        "v:s:000000:0:0:198",  # no such compound
        f"v:s:{KEY.upper()}:0:0:198",  # not how we write it
        f"v:s:{KEY}:0:0:999",  # not a building of that compound
        f"v:s:{KEY}:0:0:1",  # a building of another compound
        f"v:s:{KEY}:20000:0:198",  # a skill bit past the last skill
        f"v:s:{KEY}:-1:0:198",
        f"v:s:{KEY}:0x1:0:198",
        f"v:s:{KEY}:0:10:198",  # hours take one hex digit
        f"v:q:{KEY}:0:0:198",  # no such step
        f"v:d:{KEY}:0:0:",
        f"v:d:{KEY}:0:0:198\n",
        "v:d:" + "x" * 200,
        "v:",
        "v",
    ],
)
async def test_forged_or_oversized_data_is_refused_and_changes_nothing(data: str) -> None:
    w = World()

    outcome = await w.core.handle(w.button(VOLUNTEER, data, chat=VOLUNTEER))

    assert outcome.name in ("registration_refused", "unknown_button")
    [answer] = w.pending()
    assert key_of(answer) in ("reg_expired", "button_unknown")
    assert w.store.volunteers == {}


async def test_a_press_outside_the_pressers_private_chat_is_refused() -> None:
    w = World()
    data = encode("d", State(TUQIANG, "198", 1, 0))

    for chat in (CHAT, OTHER):  # a group, or someone else's private chat
        assert (await w.core.handle(w.button(VOLUNTEER, data, chat=chat))).name == "registration_refused"

    assert w.store.volunteers == {}
    assert edits(w.pending()) == []


async def test_someone_elses_buttons_only_ever_change_the_presser() -> None:
    w = World()
    flow = Flow(w)
    await flow.start()
    await flow.tap("198")
    done = encode("d", State(TUQIANG, "198", 1, 0))

    outcome = await w.core.handle(w.button(OTHER, done, chat=OTHER))

    assert outcome.name == "volunteer_registered"
    assert set(w.store.volunteers) == {OTHER}
    [edit] = edits(w.pending()[-2:])
    assert isinstance(edit, Edit) and (edit.chat_id, edit.ref) == (OTHER, ref(OTHER))


async def test_start_without_the_payload_still_welcomes() -> None:
    w = World()

    assert (await w.say(VOLUNTEER, "/start", private=True)).name == "welcome"
    assert (await w.say(VOLUNTEER, "/start volunteer")).name == "welcome"  # in the group: no private flow


async def test_volunteer_in_private_prefers_the_compound_already_known() -> None:
    w = World()
    far = w.ctx.policy.grid.communities[1]
    twin = replace(far.compounds[0], buildings=("1", "2", "198"))  # "198" in both communities
    grid = Grid((w.ctx.policy.grid.communities[0], replace(far, compounds=(twin,))))
    w.ctx = replace(w.ctx, policy=replace(w.ctx.policy, grid=grid))
    w.core.ctx = w.ctx
    await w.say(VOLUNTEER, "/volunteer 1 电工", chat=FAR_CHAT)  # registered in 东坪社区

    await w.say(VOLUNTEER, "/volunteer 198", private=True)

    volunteer = w.store.volunteers[VOLUNTEER]
    assert (volunteer.building, volunteer.community) == ("198", OTHER_COMMUNITY)
    assert volunteer.skills == frozenset({"electrician"})


@pytest.mark.parametrize("locale", ["zh", "en"])
async def test_the_real_renderer_draws_every_screen_as_valid_telegram_html(locale: str) -> None:
    w = World()
    w.ctx = replace(w.ctx, texts=HtmlRenderer(locale, ZoneInfo("Asia/Shanghai"), "120", BOT_USERNAME))
    w.core.ctx = w.ctx
    flow = Flow(w)
    screens = []

    await flow.start()
    screens.append((flow.text, flow.keyboard))
    await flow.press(flow.keyboard[0][0].data)
    screens.append((flow.text, flow.keyboard))
    await flow.press(flow.keyboard[0][0].data)  # the first skill, on
    screens.append((flow.text, flow.keyboard))
    await flow.press(flow.keyboard[-1][0].data)  # next
    screens.append((flow.text, flow.keyboard))
    await flow.press(flow.keyboard[-1][-1].data)  # done
    screens.append((flow.text, flow.keyboard))

    for text, keyboard in screens:
        assert strip_html(text).strip()
        for b in flat(keyboard):
            assert b.text and "<" not in b.text and "&" not in b.text  # labels are plain text
            assert len(b.data.encode()) <= MAX_CALLBACK_DATA
    assert checked(screens[2][1]) == [skill_label("doctor", locale)]
    assert w.store.volunteers[VOLUNTEER].skills == frozenset({"doctor"})


async def test_a_building_name_too_long_for_callback_data_falls_back_to_typing() -> None:
    w = World()
    long_name = "第一期东区" * 5  # 75 bytes of UTF-8: no button could carry it
    odd = Compound("长名小区", "长名社区", ("1", long_name), (-1004001,))
    w.ctx = replace(w.ctx, policy=replace(w.ctx.policy, grid=Grid((Community("长名社区", (), (odd,)),))))
    w.core.ctx = w.ctx
    flow = Flow(w)

    await flow.start()

    assert key_of(Send(0, flow.text)) == "reg_building_type" and flow.keyboard == ()
    mark = w.mark()
    assert (await w.say(VOLUNTEER, f"/volunteer {long_name}", private=True)).name == "volunteer_registered"
    [reply] = sends(w.since(mark))
    assert key_of(reply) == "volunteer_ok" and reply.keyboard == ()
