"""Both transports, the real aiogram and PTB stacks, against the fake Bot API over HTTP."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from bot.delivery import (
    BotCommand,
    BotIdentity,
    Rejected,
    RetryAfter,
    Transport,
    Unreachable,
)
from bot.fakeapi import FakeBotApi, Json
from bot.fakeapi.models import make_user
from bot.transports import build_transport
from handlers.chat import Button, ButtonPress, ChatEvent, ChatMessage, Keyboard, Received, Sender, Unreadable

FRAMEWORKS = ["aiogram", "ptb"]
SECRET = "SeCrEtTokenPart42"
TOKEN = f"123456:{SECRET}"
GROUP = -1001234567890
ALICE = 1001
BOB = 1002
STRANGER = 1003  # never pressed Start, so the bot may not write to them
CLAIM: Keyboard = ((Button("我来 / I'll go", "claim:7"), Button("Details", "show:7")),)
PRESS_AT = datetime(2000, 1, 1, tzinfo=UTC)  # button presses are stamped "now": normalised


class Recorder:
    """The inbox: keeps what it gets, and fails on demand like a locked database would."""

    def __init__(self, fail_on: str | None = None, failures: int = 0) -> None:
        self.events: list[ChatEvent] = []
        self.unreadable: list[Unreadable] = []
        self.fail_on = fail_on
        self.failures = failures  # how many more times a batch holding `fail_on` is refused

    async def __call__(self, received: Sequence[Received]) -> None:
        texts = [e.text for e in received if isinstance(e, ChatMessage)]
        if self.fail_on in texts and self.failures > 0:
            self.failures -= 1
            raise RuntimeError("database is locked")
        self.events.extend(e for e in received if not isinstance(e, Unreadable))
        self.unreadable.extend(e for e in received if isinstance(e, Unreadable))

    def sorted(self) -> list[ChatEvent]:
        return sorted(self.events, key=lambda e: e.update_id)


async def until(predicate: Callable[[], object], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.02)


def enqueue(api: FakeBotApi, kind: str, payload: Json) -> Json:
    # The fake's public controls only make text messages; a sticker, a photo or a channel post
    # has to go in as raw Bot API JSON.
    return api._enqueue(kind, payload)


@pytest_asyncio.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(token=TOKEN) as server:
        server.user_started(ALICE)
        yield server


@pytest_asyncio.fixture(params=FRAMEWORKS)
async def transport(request: pytest.FixtureRequest, api: FakeBotApi) -> AsyncIterator[Transport]:
    built = build_transport(request.param, TOKEN, api.base_url, poll_timeout=1)
    yield built
    await built.stop()


async def started(transport: Transport, sink: Recorder | None = None) -> Recorder:
    sink = sink or Recorder()
    await transport.start(sink)
    return sink


# --- updates in ------------------------------------------------------------------------


async def scenario(api: FakeBotApi, transport: Transport) -> tuple[list[ChatEvent], list[Json]]:
    """Every kind of update the core must see or must not; returns (expected, updates)."""
    updates: list[Json] = []
    api.on_update = updates.append
    group = api.group(GROUP, "198号楼")
    alice = api.user(ALICE, "Li", "li_198")
    bob = make_user(BOB, "Wang", last_name="Fang")
    other_bot = make_user(5005, "OtherBot", "other_bot", is_bot=True)
    card = await transport.api.send_message(GROUP, "<b>Card</b>", CLAIM, None)

    def at(message: Json) -> datetime:
        return datetime.fromtimestamp(message["date"], UTC)

    def person(user: Json) -> Sender:
        name = " ".join(filter(None, [user["first_name"], user.get("last_name")]))
        return Sender(user["id"], name, user.get("username"))

    ask = api.post(group, alice, "要下雨啦,198号楼谁家有人在,请帮我收下被子!")
    reply = api.post(group, bob, "我来", reply_to=ask["message_id"])
    edited = api.edit(group, alice, ask["message_id"], "要下雨啦! 被子在6楼")
    private = api.post(api.private(alice), alice, "/start")
    query_id = api.press(group, bob, card, "claim:7")
    now = int(time.time())
    photo = {"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}
    captioned = {"message_id": 900, "from": alice, "chat": group, "date": now, "photo": [photo],
                 "caption": "水管漏了"}  # fmt: skip
    enqueue(api, "message", captioned)
    # What the core must never see: a sticker, a bare photo, a join, another bot, a channel
    # speaking in the group. An inline-mode button is answered ("expired"), so it is seen.
    sticker = {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1,
               "height": 1, "is_animated": False, "is_video": False}  # fmt: skip
    enqueue(api, "message", {"message_id": 901, "from": alice, "chat": group, "date": now,
                             "sticker": sticker})  # fmt: skip
    enqueue(api, "message", {"message_id": 902, "from": alice, "chat": group, "date": now,
                             "photo": [photo]})  # fmt: skip
    enqueue(api, "message", {"message_id": 903, "from": bob, "chat": group, "date": now,
                             "new_chat_members": [bob]})  # fmt: skip
    api.post(group, other_bot, "beep, I am a bot")
    channel = {"id": -1009999, "type": "channel", "title": "物业通知"}
    enqueue(api, "message", {"message_id": 904, "sender_chat": channel, "chat": group,
                             "date": now, "text": "停水通知"})  # fmt: skip
    enqueue(api, "callback_query", {"id": "77", "from": alice, "chat_instance": "1",
                                    "inline_message_id": "inl", "data": "x"})  # fmt: skip

    ids = [u["update_id"] for u in updates]
    expected: list[ChatEvent] = [
        ChatMessage(ids[0], GROUP, False, ask["message_id"], person(alice), ask["text"], at(ask)),
        ChatMessage(ids[1], GROUP, False, reply["message_id"], person(bob), "我来", at(reply),
                    reply_to_message_id=ask["message_id"], reply_to_text=ask["text"],
                    reply_to_user_id=alice["id"]),
        ChatMessage(ids[2], GROUP, False, ask["message_id"], person(alice), edited["text"],
                    at(ask), edited=True),
        ChatMessage(ids[3], ALICE, True, private["message_id"], person(alice), "/start",
                    at(private)),
        ButtonPress(ids[4], query_id, GROUP, card, person(bob), "claim:7", PRESS_AT),
        ChatMessage(ids[5], GROUP, False, 900, person(alice), "水管漏了", at(captioned)),
        ButtonPress(ids[11], "77", 0, 0, person(alice), "x", PRESS_AT),
    ]  # fmt: skip
    return expected, updates


def normalised(events: list[ChatEvent]) -> list[ChatEvent]:
    return [
        dataclasses.replace(e, at=PRESS_AT) if isinstance(e, ButtonPress) else e for e in events
    ]


@pytest.mark.asyncio
async def test_updates_become_exactly_the_expected_events(
    api: FakeBotApi, transport: Transport
) -> None:
    sink = await started(transport)
    before = datetime.now(UTC)
    expected, updates = await scenario(api, transport)
    await until(lambda: len(sink.events) >= len(expected))
    await api.wait_idle(quiet=0.3)  # time for anything that should have been ignored

    assert len(updates) == 12  # 7 for the core, 5 it must never see
    got = sink.sorted()
    assert normalised(got) == expected
    press = next(e for e in got if isinstance(e, ButtonPress))
    assert before - timedelta(seconds=1) <= press.at <= datetime.now(UTC)
    assert all(e.at.tzinfo is not None and e.at.utcoffset() == timedelta(0) for e in got)


@pytest.mark.asyncio
async def test_both_frameworks_produce_identical_events() -> None:
    seen: dict[str, list[ChatEvent]] = {}
    for framework in FRAMEWORKS:
        async with FakeBotApi(token=TOKEN) as api:
            transport = build_transport(framework, TOKEN, api.base_url, poll_timeout=1)
            sink = await started(transport)
            expected, _ = await scenario(api, transport)
            await until(lambda: len(sink.events) >= len(expected))  # noqa: B023
            await api.wait_idle(quiet=0.2)
            await transport.stop()
            # Message dates come from the clock of each run; the rest must match exactly.
            seen[framework] = [
                dataclasses.replace(e, at=PRESS_AT) for e in sink.sorted()
            ]
    assert seen["aiogram"] == seen["ptb"]


@pytest.mark.asyncio
async def test_redelivered_update_keeps_its_id(api: FakeBotApi, transport: Transport) -> None:
    sink = await started(transport)
    updates: list[Json] = []
    api.on_update = updates.append
    api.post(api.group(GROUP, "g"), api.user(ALICE, "Li"), "help")
    await until(lambda: len(sink.events) == 1)
    api.redeliver(updates[0]["update_id"])
    await until(lambda: len(sink.events) == 2)
    assert sink.events[0] == sink.events[1]  # the core's idempotency relies on this


def offsets(api: FakeBotApi) -> list[object]:
    return [c.params.get("offset") for c in api.calls if c.method == "getUpdates"]


@pytest.mark.asyncio
async def test_a_failing_store_delays_updates_and_confirms_none_of_them(
    api: FakeBotApi, transport: Transport, caplog: pytest.LogCaptureFixture
) -> None:
    sink = await started(transport, Recorder(fail_on="boom", failures=3))
    group, alice = api.group(GROUP, "g"), api.user(ALICE, "Li")
    updates: list[Json] = []
    api.on_update = updates.append
    api.post(group, alice, "boom")
    boom_id = updates[0]["update_id"]
    await until(lambda: "storing 1 updates failed (3 in a row)" in caplog.text, timeout=10)
    # Handed out, not stored: the fake counts it unconfirmed (what the e2e harness's settle waits on).
    assert api.unconfirmed == 1
    api.post(group, alice, "after")
    await until(lambda: [e.text for e in sink.events if isinstance(e, ChatMessage)] == ["boom", "after"])
    await until(lambda: api.unconfirmed == 0)
    assert "database is locked" in caplog.text
    # While the store failed no getUpdates went out: nothing was confirmed behind its back, so
    # the offset goes from below "boom" straight to just past it.
    polls = [o for o in offsets(api) if isinstance(o, int)]
    assert polls == sorted(polls) and boom_id + 1 in polls
    assert not [o for o in polls if o == boom_id]


@pytest.mark.asyncio
async def test_an_update_the_framework_cannot_parse_is_kept_and_skipped(
    api: FakeBotApi, transport: Transport, caplog: pytest.LogCaptureFixture
) -> None:
    sink = await started(transport)
    group, alice = api.group(GROUP, "g"), api.user(ALICE, "Li")
    # No chat type, no date: neither aiogram's models nor PTB's accept this message.
    bad = enqueue(api, "message", {"message_id": 1, "from": alice, "chat": {"id": GROUP}, "text": "hi"})
    api.post(group, alice, "after")
    await until(lambda: [e.text for e in sink.events if isinstance(e, ChatMessage)] == ["after"])
    await api.wait_idle(quiet=0.5)
    assert [u.update_id for u in sink.unreadable] == [bad["update_id"]]
    assert sink.unreadable[0].raw == bad
    assert f"update {bad['update_id']} could not be read" in caplog.text
    # Asked past it, not again and again: a handful of polls, each with a higher offset.
    polls = offsets(api)
    assert len(polls) < 10 and polls.count(bad["update_id"]) <= 1


# --- calls out -------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_send_with_keyboard_and_reply(api: FakeBotApi, transport: Transport) -> None:
    group, alice = api.group(GROUP, "g"), api.user(ALICE, "Li")
    asked = api.post(group, alice, "help")

    sent = await transport.api.send_message(GROUP, "<b>Help</b> &amp; more", CLAIM,
                                            asked["message_id"])  # fmt: skip

    [message] = api.messages_in(GROUP)
    assert message["message_id"] == sent
    assert message["text"] == "Help & more"
    assert message["reply_to_message"]["message_id"] == asked["message_id"]
    assert message["reply_markup"] == {"inline_keyboard": [[
        {"text": "我来 / I'll go", "callback_data": "claim:7"},
        {"text": "Details", "callback_data": "show:7"},
    ]]}  # fmt: skip
    params = api.sent("sendMessage")[-1].params
    assert params["parse_mode"] == "HTML"
    assert params["link_preview_options"] == {"is_disabled": True}


@pytest.mark.asyncio
async def test_reply_to_a_deleted_message_still_sends(
    api: FakeBotApi, transport: Transport
) -> None:
    api.group(GROUP, "g")
    sent = await transport.api.send_message(GROUP, "plain", (), 4242)
    [message] = api.messages_in(GROUP)
    assert message["message_id"] == sent and "reply_to_message" not in message
    assert "reply_markup" not in message


@pytest.mark.asyncio
async def test_edit_and_edit_not_modified(api: FakeBotApi, transport: Transport) -> None:
    api.group(GROUP, "g")
    sent = await transport.api.send_message(GROUP, "open", CLAIM, None)

    await transport.api.edit_message(GROUP, sent, "claimed by <i>Wang</i>", ())
    await transport.api.edit_message(GROUP, sent, "claimed by <i>Wang</i>", ())  # no change

    [message] = api.messages_in(GROUP)
    assert message["text"] == "claimed by Wang"
    assert "reply_markup" not in message  # the empty keyboard removed the buttons
    assert [c.status for c in api.calls if c.method == "editMessageText"] == [200, 400]
    with pytest.raises(Rejected):
        await transport.api.edit_message(GROUP, 999, "gone", ())


@pytest.mark.asyncio
async def test_answer_button(api: FakeBotApi, transport: Transport) -> None:
    group = api.group(GROUP, "g")
    sent = await transport.api.send_message(GROUP, "card", CLAIM, None)
    query = api.press(group, api.user(BOB, "Wang"), sent, "claim:7")

    await transport.api.answer_button(query, "OK", True)

    assert query not in api.unanswered_callback_queries()
    params = api.sent("answerCallbackQuery")[-1].params
    assert params["text"] == "OK" and params["show_alert"] is True
    with pytest.raises(Rejected):  # Telegram refuses a second answer
        await transport.api.answer_button(query, None, False)


@pytest.mark.asyncio
async def test_delete_message_and_one_already_gone(api: FakeBotApi, transport: Transport) -> None:
    api.group(GROUP, "g")
    keep = await transport.api.send_message(GROUP, "card", CLAIM, None)
    sent = await transport.api.send_message(GROUP, "ask the neighbours?", CLAIM, None)

    await transport.api.delete_message(GROUP, sent)
    await transport.api.delete_message(GROUP, sent)  # already gone: counts as done

    assert [m["message_id"] for m in api.messages_in(GROUP)] == [keep]
    assert [c.status for c in api.calls if c.method == "deleteMessage"] == [200, 400]


@pytest.mark.asyncio
async def test_identify_and_set_commands(api: FakeBotApi, transport: Transport) -> None:
    assert await transport.identify() == BotIdentity(123456, "jinlin_test_bot")
    commands = [BotCommand("register", "登记志愿者"), BotCommand("report", "报告")]

    await transport.set_commands(commands, "zh")
    await transport.set_commands(commands[:1], None)

    calls = [c.params for c in api.sent("setMyCommands")]
    assert calls[0]["language_code"] == "zh"
    assert calls[0]["commands"] == [
        {"command": "register", "description": "登记志愿者"},
        {"command": "report", "description": "报告"},
    ]
    assert "language_code" not in calls[1]


# --- failures --------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_429_becomes_retry_after(api: FakeBotApi, transport: Transport) -> None:
    api.group(GROUP, "g")
    api.fail_next("sendMessage", status=429, retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await transport.api.send_message(GROUP, "hi", (), None)
    assert caught.value.seconds == 7
    assert len(api.sent("sendMessage")) == 0  # and no hidden retry was made
    api.fail_next("editMessageText", status=429, retry_after=2)
    with pytest.raises(RetryAfter):
        await transport.api.edit_message(GROUP, 1, "x", ())


@pytest.mark.asyncio
async def test_4xx_become_rejected(api: FakeBotApi, transport: Transport) -> None:
    api.user(STRANGER, "Zhao")
    with pytest.raises(Rejected, match="can't initiate"):
        await transport.api.send_message(STRANGER, "hello", (), None)
    with pytest.raises(Rejected, match=r"(?i)chat not found"):
        await transport.api.send_message(-100555, "hello", (), None)


@pytest.mark.asyncio
async def test_5xx_becomes_unreachable_without_retry(
    api: FakeBotApi, transport: Transport
) -> None:
    api.group(GROUP, "g")
    api.fail_next("sendMessage", status=502)
    with pytest.raises(Unreachable):
        await transport.api.send_message(GROUP, "hi", (), None)
    assert [c.status for c in api.calls if c.method == "sendMessage"] == [502]


@pytest.mark.asyncio
async def test_server_down_is_unreachable_and_stop_stays_prompt(
    api: FakeBotApi, transport: Transport
) -> None:
    await started(transport)
    await api.stop()
    with pytest.raises(Unreachable):
        await transport.api.send_message(GROUP, "hi", (), None)
    await asyncio.sleep(1.2)  # let polling fail and back off
    begun = time.monotonic()
    await transport.stop()
    assert time.monotonic() - begun < 2.0


@pytest.mark.asyncio
@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_bad_token_is_rejected_without_leaking_it(
    api: FakeBotApi, framework: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong_secret = "WrongSecretXYZ"
    transport = build_transport(framework, f"123456:{wrong_secret}", api.base_url, 1)
    with pytest.raises(Rejected) as caught:
        await transport.start(Recorder())
    await transport.stop()
    assert wrong_secret not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert wrong_secret not in caplog.text
    with pytest.raises(ValueError, match="malformed") as malformed:
        build_transport(framework, "no-colon-token", api.base_url, 1)
    assert "no-colon-token" not in str(malformed.value)


@pytest.mark.asyncio
async def test_stop_is_prompt_and_logs_never_show_the_token(
    api: FakeBotApi, transport: Transport, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # httpx logs URLs at INFO, PTB at DEBUG
    caplog.set_level(logging.DEBUG, logger="httpx")  # `jinlin run` quiets it (bot/startup.py); not here
    sink = await started(transport)
    api.post(api.group(GROUP, "g"), api.user(ALICE, "Li"), "hello")
    await until(lambda: sink.events)
    await transport.api.send_message(GROUP, "hi", (), None)
    await asyncio.sleep(1.2)  # at least one long poll comes back empty and is re-issued

    begun = time.monotonic()
    await transport.stop()
    assert time.monotonic() - begun < 2.0
    assert SECRET not in caplog.text
    urls = [r.getMessage() for r in caplog.records if "/getUpdates" in r.getMessage()]
    if type(transport).__name__ == "PtbTransport":  # httpx logs each request URL at INFO
        assert urls and all("/bot<token>/" in url for url in urls)

    # A stopped transport has confirmed what it handled: a restart gets nothing twice.
    again = await started(transport)
    await api.wait_idle(quiet=0.3)
    assert again.events == []


def test_importing_the_package_imports_no_framework() -> None:
    code = (
        "import sys, bot.transports\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('aiogram', 'telegram')]"
    )
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root, check=False).returncode == 0
    with pytest.raises(ValueError, match="unknown transport"):
        build_transport("discord", TOKEN, "http://127.0.0.1:1", 1)
