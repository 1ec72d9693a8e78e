"""Slash commands read their arguments once, at the edge: typed fields for the use case, or the
command's usage line before any use case runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from handlers import commands as c
from handlers.chat import ChatMessage
from handlers.commands.slash_desk import NewOwner, NewStatus, SecretaryChange, ShowEntry, TakeOff, Written
from handlers.commands.slash_people import Enrol, Naming, Pause
from handlers.domain import HourWindow
from handlers.domain.concerns import ConcernStatus, MatterEventType
from handlers.domain.roster_args import AddArgs
from handlers.domain.visits import Need
from handlers.intake.messages import parse_command
from handlers.table import BY_TYPE, ROUTES, SLASH
from tests.unit.core_helpers import BOT_USERNAME, CHAT, NEIGHBOUR, SECRETARY, World, key_of, user

WHEN = datetime(2026, 5, 1, tzinfo=UTC)


def read(text: str, *, private: bool = False) -> c.Slash:
    call = parse_command(text, BOT_USERNAME)
    assert call is not None
    message = ChatMessage(1, CHAT, private, 10, user(NEIGHBOUR), text, WHEN)
    return SLASH[call.name](message.sender, private, message, call)


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("/load 3", {"load": 3}),
        ("/hours 18:00-22:00, 7-9", {"windows": (HourWindow(time(18), time(22)), HourWindow(time(7), time(9)))}),
        ("/hours 随时", {"windows": ()}),
        ("/quiet 22:00～07:00", {"window": HourWindow(time(22), time(7))}),
        ("/quiet off", {"window": None}),
        ("/vet 4242", {"user_id": 4242, "off": False}),
        ("/vet OFF 4242", {"user_id": 4242, "off": True}),
        ("/serve stop", {"off": True}),
        ("/home 三号楼", {"building": "三号楼"}),
        ("/ask  帮我取快递 ", {"text": "帮我取快递"}),
        ("/start volunteer", {"volunteer": True}),
        ("/forget yes", {"confirmed": True}),
        ("/forget", {"confirmed": False}),
        ("/agenda 2026-05-20", {"meeting": date(2026, 5, 20)}),
        ("/concern #12", {"matter_id": 12, "change": ShowEntry()}),
        ("/concern 12 status in-hand", {"matter_id": 12, "change": NewStatus(ConcernStatus.IN_HAND)}),
        ("/concern 12 owner @li", {"matter_id": 12, "change": NewOwner("@li")}),
        ("/concern 12 note  等报价 ", {"matter_id": 12, "change": Written(MatterEventType.NOTE, "等报价")}),
        ("/volunteer 198 电工 会修自行车",
         {"change": Enrol("198", frozenset({"electrician"}), ("会修自行车",), False)}),
        ("/volunteer 198", {"change": Enrol("198", frozenset(), (), True)}),
        ("/volunteer pause", {"change": Pause(True)}),
        ("/volunteer on", {"change": Pause(False)}),
        ("/volunteer name 开", {"change": Naming(True)}),
        ("/volunteer name maybe", {"change": Naming(None)}),  # its usage shows the current choice: the use case's
        ("/secretary", {"change": None}),
        ("/secretary add @li 思明社区", {"change": SecretaryChange(True, "@li", "思明社区")}),
        ("/secretary 删除 4242", {"change": SecretaryChange(False, "4242", "")}),
        ("/roster", {"change": None}),
        ("/roster off #7", {"change": TakeOff(7)}),
        ("/roster add 198号楼 @li 王奶奶 3/5 独居", {"change": AddArgs("198", "@li", "王奶奶", Need.ELDERLY, 3, 5)}),
        ("/setup", {"compound": None, "buildings": ()}),
        ("/setup 滨海苑 1号楼 2栋 1", {"compound": "滨海苑", "buildings": ("1", "2")}),
    ],
)
def test_arguments_become_typed_fields(text: str, fields: dict[str, object]) -> None:
    command = read(text)
    assert not isinstance(command, c.Malformed), command
    assert {name: getattr(command, name) for name in fields} == fields


@pytest.mark.parametrize(
    ("text", "usage"),
    [
        ("/load 9", "load_usage"), ("/load", "load_usage"), ("/load ３", "load_usage"),
        ("/hours", "hours_usage"), ("/hours 25-26", "hours_usage"),
        ("/hours 1-2 3-4 5-6 7-8 9-10 11-12 13-14", "hours_usage"), ("/quiet soon", "quiet_usage"),
        ("/vet", "vet_usage"), ("/vet off", "vet_usage"), ("/vet 1234567890123456", "vet_usage"),
        ("/serve here", "serve_usage"), ("/home", "home_usage"), ("/home 1 2", "home_usage"), ("/ask", "ask_usage"),
        ("/agenda soon", "agenda_usage"), ("/agenda 2026-05-20 extra", "agenda_usage"),
        ("/concern", "concern_usage"), ("/concern x", "concern_usage"), ("/concern 1 status lost", "concern_usage"),
        ("/concern 1 note", "concern_usage"), ("/concern 1234567890", "concern_usage"),
        ("/volunteer", "volunteer_usage"), ("/volunteer " + "1 " * 21, "volunteer_usage"),
        ("/secretary add", "secretary_usage"), ("/secretary promote 1", "secretary_usage"),
        ("/roster off", "roster_usage"), ("/roster off x", "roster_usage"), ("/roster add 198 @li", "roster_usage"),
        ("/roster add 198 @li 王奶奶 9/3", "roster_usage"), ("/roster list", "roster_usage"),
        ("/setup " + "x" * 65, "setup_usage"), ("/setup 滨海苑 " + "1 " * 201, "setup_usage"),
    ],
)
def test_arguments_that_do_not_read_are_malformed_with_the_usage_line(text: str, usage: str) -> None:
    command = read(text)
    assert isinstance(command, c.Malformed) and command.usage == usage
    assert BY_TYPE[command.of].slash == text[1:].split()[0]


def test_every_slash_command_reads_without_arguments_into_itself_or_its_usage() -> None:
    for route in ROUTES:
        if route.slash is not None:
            command = read(f"/{route.slash}")
            made = command.of if isinstance(command, c.Malformed) else type(command)
            assert made is route.command, route.slash


async def test_a_malformed_command_gets_its_usage_before_its_use_case_runs() -> None:
    w = World()
    # Not a secretary: the use case would refuse; the words do not read, so its usage answers first.
    outcome = await w.say(NEIGHBOUR, "/concern 1 status lost", private=True)
    assert outcome.name == "usage" and key_of(w.pending()[-1]) == "concern_usage"
    assert (await w.say(NEIGHBOUR, "/concern 1", private=True)).name == "desk_refused"
    assert (await w.say(SECRETARY, "/load 9")).name == "usage"  # nothing asked of storage first
    usage = w.pending()[-1]
    assert key_of(usage) == "load_usage" and "most=5" in (usage.text or "")


async def test_a_malformed_command_records_its_sender_as_its_own_route_says() -> None:
    w = World()
    assert (await w.say(NEIGHBOUR, "/home")).name == "usage"  # /home records who typed it
    assert NEIGHBOUR in w.store.people
    assert (await w.say(SECRETARY, "/load 9")).name == "usage"  # /load does not
    assert SECRETARY not in w.store.people
