"""Slash commands through Core.handle: registration, home, lists, reports, and malformed input."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handlers.chat import Send
from handlers.domain import Status
from handlers.intake.messages import parse_command
from tests.unit.core_helpers import (
    BOT_USERNAME,
    CHAT,
    COMMUNITY,
    COMPOUND,
    NEIGHBOUR,
    OTHER_CHAT,
    OTHER_SECRETARY,
    REQUESTER,
    SECRETARY,
    World,
    key_of,
)

VOLUNTEER = 3001


# --- /volunteer ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "skills", "unknown"),
    [
        ("198 电工", ["electrician"], []),
        ("198号楼 医生、会修电脑", ["doctor", "tech"], []),
        ("198栋 nurse driver", ["driver", "nurse"], []),
        ("198 医生 会修自行车", ["doctor"], ["会修自行车"]),
        ("198", [], []),
    ],
)
async def test_volunteer_registers_building_and_skills_in_chinese_or_english(
    args: str, skills: list[str], unknown: list[str]
) -> None:
    w = World()

    outcome = await w.say(VOLUNTEER, f"/volunteer {args}")

    assert outcome.name == "volunteer_registered"
    assert outcome.detail == {"skills": skills, "unknown": unknown}
    volunteer = w.store.volunteers[VOLUNTEER]
    assert (volunteer.building, volunteer.compound, volunteer.community) == ("198", COMPOUND, COMMUNITY)
    assert sorted(volunteer.skills) == skills
    assert volunteer.registered_at == w.clock.now()
    assert w.store.people[VOLUNTEER].home_building == "198"
    [reply] = w.pending()
    assert isinstance(reply, Send) and key_of(reply) == "volunteer_ok"
    assert "private_hint=True" in reply.text  # never wrote to the bot: the reply says how


@pytest.mark.parametrize(
    ("text", "outcome_name", "key"),
    [
        ("/volunteer", "usage", "volunteer_usage"),
        ("/volunteer 999 电工", "unknown_building", "unknown_building"),
        ("/volunteer off", "volunteer_unknown", "volunteer_unknown"),
        ("/volunteer " + " ".join(["电工"] * 5000), "usage", "volunteer_usage"),
    ],
)
async def test_volunteer_answers_bad_input_without_registering(text: str, outcome_name: str, key: str) -> None:
    w = World()

    outcome = await w.say(VOLUNTEER, text)

    assert outcome.name == outcome_name
    assert w.store.volunteers == {}
    [reply] = w.pending()
    assert key_of(reply) == key


async def test_an_unknown_building_is_answered_with_the_buildings_of_this_compound() -> None:
    w = World()

    await w.say(VOLUNTEER, "/volunteer 999")

    [reply] = w.pending()
    assert reply.text == "text|unknown_building|building=999,known=196, 197, 198"


async def test_volunteer_off_pauses_and_on_resumes_and_a_paused_volunteer_is_not_called() -> None:
    w = World()
    await w.volunteer(VOLUNTEER, "198 电工")

    assert (await w.say(VOLUNTEER, "/volunteer off")).name == "volunteer_paused"
    assert w.store.volunteers[VOLUNTEER].paused
    paused_request = await w.post()
    assert w.called(paused_request.id) == []

    assert (await w.say(VOLUNTEER, "/volunteer on")).name == "volunteer_resumed"
    assert not w.store.volunteers[VOLUNTEER].paused
    request = await w.post(sender=NEIGHBOUR)
    assert w.called(request.id) == [VOLUNTEER]


async def test_registering_again_moves_the_volunteer_and_keeps_their_skills() -> None:
    w = World()
    await w.volunteer(VOLUNTEER, "198 电工")
    first = w.store.volunteers[VOLUNTEER].registered_at
    w.clock.advance(w.ctx.policy.ladder.expire_after)

    await w.say(VOLUNTEER, "/volunteer 5", chat=OTHER_CHAT)

    volunteer = w.store.volunteers[VOLUNTEER]
    assert (volunteer.building, volunteer.compound) == ("5", "建设小区")
    assert volunteer.skills == frozenset({"electrician"})
    assert volunteer.registered_at == first
    assert volunteer.started_bot


async def test_volunteer_arguments_may_follow_a_newline() -> None:
    w = World()

    outcome = await w.say(VOLUNTEER, "/volunteer\n198 电工")

    assert outcome.name == "volunteer_registered"
    assert w.store.volunteers[VOLUNTEER].building == "198"


# --- /home -----------------------------------------------------------------------------------


async def test_home_then_a_request_without_a_building_uses_the_home_building() -> None:
    w = World()
    await w.volunteer(VOLUNTEER, "197 跑腿")

    assert (await w.say(REQUESTER, "/home 197号楼")).name == "home_set"
    request = await w.post("谁能帮我取个快递")

    assert request.building == "197"
    assert w.called(request.id) == [VOLUNTEER]


async def test_a_building_named_in_the_request_wins_over_home() -> None:
    w = World()
    await w.say(REQUESTER, "/home 197")

    request = await w.post("198号楼谁能帮我取个快递")

    assert request.building == "198"


@pytest.mark.parametrize(
    ("text", "outcome_name"), [("/home", "usage"), ("/home 197 198", "usage"), ("/home 999", "unknown_building")]
)
async def test_home_refuses_bad_input(text: str, outcome_name: str) -> None:
    w = World()

    outcome = await w.say(REQUESTER, text)

    assert outcome.name == outcome_name
    assert REQUESTER not in w.store.people or w.store.people[REQUESTER].home_building is None


# --- /open, /me ------------------------------------------------------------------------------


async def test_open_lists_the_active_requests_of_this_compound_only() -> None:
    w = World()
    first = await w.post()
    second = await w.post("198号楼有没有人能帮我修一下水管", sender=NEIGHBOUR)
    await w.say(REQUESTER, "不用了")  # cancels the first
    elsewhere = await w.say(NEIGHBOUR, "5号楼谁能帮我取个快递", chat=OTHER_CHAT)
    assert elsewhere.name == "posted"

    outcome = await w.say(NEIGHBOUR, "/open")

    assert w.request(first.id).status is Status.CANCELLED
    assert outcome.detail == {"count": 1}
    assert w.pending()[-1].text == f"open|total=1|ids={second.id}"


async def test_me_shows_a_volunteer_their_profile_and_others_are_told_to_register() -> None:
    w = World()
    await w.volunteer(VOLUNTEER, "198 电工")

    assert (await w.say(VOLUNTEER, "/me", private=True)).name == "profile"
    assert w.pending()[-1].text == f"profile|{VOLUNTEER}|electrician"
    assert (await w.say(NEIGHBOUR, "/me")).name == "volunteer_unknown"


# --- /report ---------------------------------------------------------------------------------


async def test_report_by_the_secretary_gives_the_figures_of_the_community() -> None:
    w = World()
    await w.post()
    await w.post("198号楼有没有人能帮我修一下水管", sender=NEIGHBOUR)
    assert (await w.say(REQUESTER, "谢谢,收好了")).name == "done"

    outcome = await w.say(SECRETARY, "/report")

    assert outcome.name == "reported"
    totals = outcome.detail["requests"]
    assert isinstance(totals, dict)
    assert (totals["total"], totals["done"], totals["open"], totals["resolved_rate"]) == (2, 1, 1, 0.5)
    assert outcome.detail["by_building"] == [{"key": "198", "total": 2, "done": 1}]
    assert w.pending()[-1].text == "report|week|total=2|done=1|open=1"


@pytest.mark.parametrize(
    ("sender", "text", "outcome_name", "key"),
    [
        (NEIGHBOUR, "/report", "report_refused", "report_refused"),
        (OTHER_SECRETARY, "/report", "report_refused", "report_refused"),  # another community's secretary
        (SECRETARY, "/report badperiod", "usage", "report_bad_unknown"),
    ],
)
async def test_report_refuses_outsiders_and_bad_periods(sender: int, text: str, outcome_name: str, key: str) -> None:
    w = World()

    outcome = await w.say(sender, text)

    assert outcome.name == outcome_name
    [reply] = w.pending()
    assert key_of(reply) == key


async def test_report_in_private_covers_only_the_secretarys_own_community() -> None:
    w = World()
    await w.post()
    far = await w.say(NEIGHBOUR, "1号楼谁能帮我取个快递", chat=-1002001)
    assert far.name == "posted"

    outcome = await w.say(SECRETARY, "/report all", private=True)

    totals = outcome.detail["requests"]
    assert isinstance(totals, dict) and totals["total"] == 1
    assert outcome.detail["since"] is None
    assert outcome.detail["communities"] == [COMMUNITY]


# --- malformed and foreign commands ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "/",
        "/ ",
        "/report@otherbot",
        "/help@otherbot",
        "/start@otherbot 198号楼谁能帮我取个快递",
        "/foo",
        "/" + "a" * 40,
    ],
)
async def test_foreign_or_malformed_commands_in_the_group_are_ignored(text: str) -> None:
    w = World()

    outcome = await w.say(NEIGHBOUR, text)

    assert outcome.name in ("not_for_us", "unknown_command")
    assert w.pending() == []
    assert w.requests() == []


@pytest.mark.parametrize("text", [f"/foo@{BOT_USERNAME}", f"/foo@{BOT_USERNAME.upper()} bar"])
async def test_an_unknown_command_addressed_to_us_is_answered(text: str) -> None:
    w = World()

    outcome = await w.say(NEIGHBOUR, text)

    assert outcome.name == "unknown_command"
    [reply] = w.pending()
    assert isinstance(reply, Send) and reply.chat_id == CHAT and key_of(reply) == "unknown_command"


async def test_an_unknown_command_in_private_is_answered() -> None:
    w = World()

    assert (await w.say(NEIGHBOUR, "/foo", private=True)).name == "unknown_command"
    assert key_of(w.pending()[-1]) == "unknown_command"


async def test_an_edited_command_is_not_run_again() -> None:
    w = World()
    first = w.message(VOLUNTEER, "/volunteer 198")
    await w.core.handle(first)

    outcome = await w.say(VOLUNTEER, "/volunteer off", edited=True, message_id=first.message_id)

    assert outcome.name == "edited_command"
    assert not w.store.volunteers[VOLUNTEER].paused


async def test_start_in_private_welcomes_and_remembers_the_bot_may_write() -> None:
    w = World()

    assert (await w.say(NEIGHBOUR, "/start", private=True)).name == "welcome"
    assert w.store.people[NEIGHBOUR].started_bot


@pytest.mark.parametrize(
    ("text", "name", "args", "addressed"),
    [
        ("/volunteer 198 电工", "volunteer", ("198", "电工"), False),
        (f"/Report@{BOT_USERNAME} week", "report", ("week",), True),
        ("/volunteer\t198\n电工", "volunteer", ("198", "电工"), False),
        ("/start", "start", (), False),
    ],
)
def test_parse_command_reads_name_arguments_and_address(
    text: str, name: str, args: tuple[str, ...], addressed: bool
) -> None:
    call = parse_command(text, BOT_USERNAME)

    assert call is not None
    assert (call.name, call.args, call.addressed) == (name, args, addressed)


@pytest.mark.parametrize("text", ["", "/", "/ volunteer", "hello /start", "/report@otherbot", "/a-b", "/" + "a" * 33])
def test_parse_command_rejects_what_is_not_a_command_for_us(text: str) -> None:
    assert parse_command(text, BOT_USERNAME) is None


async def test_me_works_on_the_29th_of_february() -> None:
    w = World(start=datetime(2028, 2, 29, 9, 0, tzinfo=UTC))
    await w.volunteer(VOLUNTEER, "198 电工")

    assert (await w.say(VOLUNTEER, "/me")).name == "profile"


# --- buildings of another community ----------------------------------------------------------


async def test_volunteer_in_a_group_refuses_a_building_of_another_community() -> None:
    w = World()

    outcome = await w.say(VOLUNTEER, "/volunteer 1 电工")  # building 1 exists only in 东坪社区

    assert outcome.name == "unknown_building"
    assert w.store.volunteers == {}
    assert w.pending()[-1].text == "text|unknown_building|building=1,known=196, 197, 198"


async def test_volunteer_in_a_group_accepts_another_compound_of_the_same_community() -> None:
    w = World()

    assert (await w.say(VOLUNTEER, "/volunteer 5")).name == "volunteer_registered"
    assert (w.store.volunteers[VOLUNTEER].compound, w.store.volunteers[VOLUNTEER].community) == ("建设小区", COMMUNITY)


async def test_home_in_a_group_refuses_a_building_of_another_community() -> None:
    w = World()

    assert (await w.say(REQUESTER, "/home 2")).name == "unknown_building"
    assert REQUESTER not in w.store.people or w.store.people[REQUESTER].home_building is None


@pytest.mark.parametrize("typed", ["198", "198号楼", "198栋", "一九八号楼"])
async def test_volunteer_building_is_read_like_a_request_building(typed: str) -> None:
    w = World()
    outcome = await w.say(3001, f"/volunteer {typed} 电工")
    assert outcome.name == "volunteer_registered"
    assert w.store.volunteers[3001].building == "198"
