"""The profile commands through Core.handle: /hours, /quiet, /load, /serve (双报到), /vet and /me."""

from __future__ import annotations

from datetime import time

import pytest

from handlers.chat import Send
from handlers.domain import HourWindow
from handlers.intake.buttons import Verb
from tests.unit.core_helpers import (
    CHAT,
    FAR_CHAT,
    OTHER_COMMUNITY,
    OTHER_SECRETARY,
    SECRETARY,
    World,
    key_of,
)

VOLUNTEER = 3001
OTHER = 3002


# --- /hours, /quiet, /load -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "hours"),
    [
        ("18:00-22:00", (HourWindow(time(18), time(22)),)),
        ("7-9, 18:30～22:00", (HourWindow(time(7), time(9)), HourWindow(time(18, 30), time(22)))),
        ("22:00-02:00", (HourWindow(time(22), time(2)),)),
        ("20:00-24:00", (HourWindow(time(20), time(0)),)),
        ("any", ()),
        ("随时", ()),
    ],
)
async def test_hours_sets_daily_windows(args: str, hours: tuple[HourWindow, ...]) -> None:
    w = World()
    await w.volunteer(VOLUNTEER, "198")
    await w.say(VOLUNTEER, "/hours 09:00-10:00")

    outcome = await w.say(VOLUNTEER, f"/hours {args}")

    assert outcome.name == ("hours_any_ok" if not hours else "hours_ok")
    assert w.store.volunteers[VOLUNTEER].hours == hours


@pytest.mark.parametrize(
    "text",
    ["/hours", "/hours 18:00", "/hours 25:00-26:00", "/hours 10:00-10:00", "/hours 9:61-10:00", "/hours soon",
     "/hours " + ",".join(["1-2"] * 7)],
)
async def test_hours_answers_bad_input_with_its_usage(text: str) -> None:
    w = World()
    await w.volunteer(VOLUNTEER, "198")

    assert (await w.say(VOLUNTEER, text)).name == "usage"
    assert key_of(w.pending()[-1]) == "hours_usage"
    assert w.store.volunteers[VOLUNTEER].hours == ()


async def test_quiet_sets_or_removes_quiet_hours_and_load_caps_open_claims() -> None:
    w = World()
    await w.volunteer(VOLUNTEER, "198")

    assert (await w.say(VOLUNTEER, "/quiet 23:30-06:00")).name == "quiet_ok"
    assert w.store.volunteers[VOLUNTEER].quiet == HourWindow(time(23, 30), time(6))
    assert (await w.say(VOLUNTEER, "/quiet off")).name == "quiet_off_ok"
    assert w.store.volunteers[VOLUNTEER].quiet is None
    assert (await w.say(VOLUNTEER, "/quiet later")).name == "usage"
    assert (await w.say(VOLUNTEER, "/load 4")).name == "load_ok"
    assert w.store.volunteers[VOLUNTEER].max_open_claims == 4
    for bad in ("/load", "/load 0", "/load 6", "/load two", "/load ３", "/load 1 2"):
        assert (await w.say(VOLUNTEER, bad)).name == "usage", bad
    assert w.store.volunteers[VOLUNTEER].max_open_claims == 4


@pytest.mark.parametrize("text", ["/hours any", "/quiet off", "/load 2", "/serve"])
async def test_profile_commands_need_a_registered_volunteer(text: str) -> None:
    w = World()

    assert (await w.say(VOLUNTEER, text)).name == "volunteer_unknown"
    assert w.store.volunteers == {}


# --- /serve (双报到) and /vet ------------------------------------------------------------------


async def test_serve_in_another_communitys_group_adds_and_removes_it() -> None:
    w = World()
    await w.volunteer(VOLUNTEER, "198")

    assert (await w.say(VOLUNTEER, "/serve", chat=FAR_CHAT)).name == "serve_ok"
    assert (await w.say(VOLUNTEER, "/serve", chat=FAR_CHAT)).name == "serve_ok"  # idempotent
    assert w.store.volunteers[VOLUNTEER].also_serves == (OTHER_COMMUNITY,)
    far = await w.say(2002, "1号楼谁能帮我取个快递", chat=FAR_CHAT)
    assert far.request_id is not None and w.called(far.request_id) == [VOLUNTEER]

    assert (await w.say(VOLUNTEER, "/serve off", chat=FAR_CHAT)).name == "serve_off_ok"
    assert w.store.volunteers[VOLUNTEER].also_serves == ()
    again = await w.say(2002, "2号楼谁能帮我取个快递", chat=FAR_CHAT)
    assert again.request_id is not None and w.called(again.request_id) == []


@pytest.mark.parametrize(
    ("text", "chat", "private", "outcome_name"),
    [
        ("/serve", CHAT, False, "serve_home"),  # the volunteer's own community
        ("/serve", 0, True, "usage"),  # which community? only a group says
        ("/serve please", FAR_CHAT, False, "usage"),
    ],
)
async def test_serve_refuses_home_private_and_nonsense(text: str, chat: int, private: bool, outcome_name: str) -> None:
    w = World()
    await w.volunteer(VOLUNTEER, "198")

    outcome = await w.say(VOLUNTEER, text, chat=chat, private=private)

    assert outcome.name == outcome_name
    assert w.store.volunteers[VOLUNTEER].also_serves == ()


async def test_a_secretary_of_the_volunteers_community_vets_and_unvets() -> None:
    w = World()
    await w.volunteer(VOLUNTEER, "198")

    assert (await w.say(SECRETARY, f"/vet {VOLUNTEER}", private=True)).name == "vet_ok"
    assert w.store.volunteers[VOLUNTEER].vetted
    assert (await w.say(SECRETARY, f"/vet off {VOLUNTEER}")).name == "unvet_ok"
    assert not w.store.volunteers[VOLUNTEER].vetted


@pytest.mark.parametrize(
    ("sender", "text", "outcome_name"),
    [
        (OTHER_SECRETARY, f"/vet {VOLUNTEER}", "vet_refused"),  # another community's secretary
        (OTHER, f"/vet {VOLUNTEER}", "vet_refused"),
        (VOLUNTEER, f"/vet {VOLUNTEER}", "vet_refused"),  # nobody vets themselves
        (OTHER, "/vet 424242", "vet_refused"),  # says nothing about who is registered
        (SECRETARY, "/vet 424242", "vet_unknown"),
        (SECRETARY, "/vet", "usage"),
        (SECRETARY, "/vet someone", "usage"),
        (SECRETARY, f"/vet on {VOLUNTEER}", "usage"),
        (SECRETARY, "/vet " + "9" * 40, "usage"),
    ],
)
async def test_vet_refuses_everyone_else_and_bad_input(sender: int, text: str, outcome_name: str) -> None:
    w = World()
    await w.volunteer(VOLUNTEER, "198")

    assert (await w.say(sender, text, private=True)).name == outcome_name
    assert not w.store.volunteers[VOLUNTEER].vetted


# --- /me -------------------------------------------------------------------------------------


async def test_me_lists_the_requests_the_volunteer_holds() -> None:
    w = World()
    await w.volunteer(VOLUNTEER, "198 跑腿")
    held = await w.post()
    other = await w.post("197号楼谁能帮我取个快递", sender=2002)
    await w.press(VOLUNTEER, Verb.CLAIM, held.id)
    await w.press(VOLUNTEER, Verb.CLAIM, other.id)
    await w.press(VOLUNTEER, Verb.RELEASE, other.id)

    outcome = await w.say(VOLUNTEER, "/me", private=True)

    assert outcome.name == "profile" and outcome.detail == {"claims": [held.id]}
    answer = w.pending()[-1]
    assert isinstance(answer, Send) and answer.reply_to_message_id is not None
    assert answer.text.splitlines() == [
        f"profile|{VOLUNTEER}|errands",
        "text|me_claims|count=1",
        f"text|me_claim|building=198,id={held.id}",
    ]
