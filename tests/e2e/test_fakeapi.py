"""The fake Bot API against the real aiogram and python-telegram-bot clients, over HTTP."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.filters import Command
from aiogram.types import (
    BotCommand,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
)
from telegram import InlineKeyboardButton as PtbButton
from telegram import InlineKeyboardMarkup as PtbMarkup
from telegram import Update
from telegram.error import Forbidden, InvalidToken, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.fakeapi import FakeBotApi, FloodLimits
from bot.fakeapi.flood import violations

GROUP = -1001234567890
ALICE = 1001


@pytest_asyncio.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


def aiogram_bot(api: FakeBotApi, token: str | None = None) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api.base_url))
    return Bot(token or api.token, session=session)


def ptb_app(api: FakeBotApi) -> Application[Any, Any, Any, Any, Any, Any]:
    return (
        Application.builder()
        .token(api.token)
        .base_url(f"{api.base_url}/bot")
        .base_file_url(f"{api.base_url}/file/bot")
        .build()
    )


def keyboard(*data: str) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(text=d.title(), callback_data=d) for d in data]
    return InlineKeyboardMarkup(inline_keyboard=[buttons])


def retry_seconds(error: RetryAfter) -> float:
    # PTB 22 is migrating retry_after to a timedelta (PTB_TIMEDELTA); accept both shapes.
    value = error.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


# --- aiogram ------------------------------------------------------------------


@pytest.mark.asyncio
async def test_aiogram_methods(api: FakeBotApi) -> None:
    chat = api.group(GROUP, "Maple Court")
    alice = api.user(ALICE, "Alice", "alice")
    asked = api.post(chat, alice, "Is the lift broken again?")
    async with aiogram_bot(api) as bot:
        me = await bot.get_me()
        assert (me.id, me.username, me.is_bot) == (123456, "jinlin_test_bot", True)

        sent = await bot.send_message(
            GROUP,
            "<b>Lift</b> &amp; stairs: noted",
            parse_mode="HTML",
            reply_markup=keyboard("confirm", "dismiss"),
            reply_parameters=ReplyParameters(message_id=asked["message_id"]),
        )
        assert sent.text == "Lift & stairs: noted"  # HTML is parsed like Telegram does
        assert sent.reply_to_message is not None
        assert sent.reply_to_message.text == "Is the lift broken again?"
        assert isinstance(sent.reply_markup, InlineKeyboardMarkup)
        row = sent.reply_markup.inline_keyboard[0]
        assert [b.callback_data for b in row] == ["confirm", "dismiss"]
        assert sent.message_id == asked["message_id"] + 1

        edited = await bot.edit_message_text(
            text="Lift: confirmed", chat_id=GROUP, message_id=sent.message_id
        )
        assert isinstance(edited, Message)
        assert edited.text == "Lift: confirmed" and edited.reply_markup is None
        with pytest.raises(TelegramBadRequest, match="message is not modified"):
            await bot.edit_message_text(
                text="Lift: confirmed", chat_id=GROUP, message_id=sent.message_id
            )
        with pytest.raises(TelegramBadRequest, match="message to edit not found"):
            await bot.edit_message_text(text="x", chat_id=GROUP, message_id=999)
        with pytest.raises(TelegramBadRequest, match="can't parse entities"):
            await bot.send_message(GROUP, "a <3 b", parse_mode="HTML")

        await bot.set_my_commands([BotCommand(command="report", description="Report an issue")])
        assert [c.command for c in await bot.get_my_commands()] == ["report"]

        query_id = api.press(chat, alice, sent.message_id, "confirm", check_button=False)
        assert await bot.answer_callback_query(query_id, text="thanks") is True

    assert [m["text"] for m in api.messages_in(GROUP)] == ["Lift: confirmed"]
    assert [c.method for c in api.sent(chat_id=GROUP)] == ["sendMessage", "editMessageText"]


@pytest.mark.asyncio
async def test_aiogram_dispatcher_polling(api: FakeBotApi) -> None:
    chat = api.group(GROUP, "Maple Court")
    alice = api.user(ALICE, "Alice", "alice")
    seen: list[str] = []
    dp = Dispatcher()

    @dp.message(Command("report"))
    async def on_report(message: Message) -> None:
        seen.append(f"command:{message.text}")
        await message.answer("What is broken?", reply_markup=keyboard("lift", "water"))

    @dp.message()
    async def on_text(message: Message) -> None:
        seen.append(f"text:{message.text}")
        await message.reply("noted")

    @dp.callback_query()
    async def on_press(query: CallbackQuery) -> None:
        seen.append(f"press:{query.data}")
        await query.answer()
        assert isinstance(query.message, Message)
        await query.message.edit_text(f"Reported: {query.data}")

    bot = aiogram_bot(api)
    polling = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, polling_timeout=1)
    )
    try:
        hello = api.post(chat, alice, "hello neighbours")
        api.command(chat, alice, "report")
        prompt = await api.wait_for(
            lambda: next((m for m in api.messages_in(GROUP) if m.get("reply_markup")), None)
        )
        api.press(chat, alice, prompt["message_id"], "water")
        await api.wait_for(lambda: "Reported: water" in [m["text"] for m in api.messages_in(GROUP)])
        await api.wait_idle(quiet=0.1)
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(polling, 5)

    assert sorted(seen) == ["command:/report", "press:water", "text:hello neighbours"]
    reply = next(m for m in api.messages_in(GROUP) if m["text"] == "noted")
    assert reply["reply_to_message"]["message_id"] == hello["message_id"]
    assert api.unanswered_callback_queries() == []


@pytest.mark.asyncio
async def test_aiogram_errors(api: FakeBotApi) -> None:
    api.group(GROUP, "Maple Court")
    async with aiogram_bot(api) as bot:
        api.fail_next("sendMessage", retry_after=7)
        with pytest.raises(TelegramRetryAfter) as flood:
            await bot.send_message(GROUP, "hi")
        assert flood.value.retry_after == 7
        api.fail_next("sendMessage", status=502)
        with pytest.raises(TelegramServerError):
            await bot.send_message(GROUP, "hi")
        await bot.send_message(GROUP, "hi")  # failures are one-shot

        with pytest.raises(TelegramForbiddenError, match="can't initiate conversation"):
            await bot.send_message(ALICE, "psst")
        api.user_started(ALICE)
        assert (await bot.send_message(ALICE, "psst")).chat.type == "private"

    async with aiogram_bot(api, token="123456:WRONG") as intruder:
        with pytest.raises(TelegramUnauthorizedError):
            await intruder.get_me()

    injected = [c for c in api.calls if c.injected]
    assert [(c.method, c.status) for c in injected] == [("sendMessage", 429), ("sendMessage", 502)]
    assert len(api.messages_in(GROUP)) == 1


@pytest.mark.asyncio
async def test_redelivery_repeats_update_id(api: FakeBotApi) -> None:
    chat = api.group(GROUP, "Maple Court")
    alice = api.user(ALICE, "Alice")
    api.post(chat, alice, "first")
    async with aiogram_bot(api) as bot:
        [first] = await bot.get_updates(timeout=0)
        assert await bot.get_updates(offset=first.update_id + 1, timeout=0) == []
        api.redeliver(first.update_id)
        [again] = await bot.get_updates(offset=first.update_id + 1, timeout=0)
        assert again.update_id == first.update_id
        assert again.message is not None and again.message.text == "first"
        # Once confirmed, the duplicate is gone and fresh ids continue upwards.
        api.post(chat, alice, "second")
        [second] = await bot.get_updates(offset=again.update_id + 1, timeout=0)
        assert second.update_id == first.update_id + 1


# --- python-telegram-bot -------------------------------------------------------


@pytest.mark.asyncio
async def test_ptb_application_polling(api: FakeBotApi) -> None:
    chat = api.group(GROUP, "Maple Court")
    alice = api.user(ALICE, "Alice", "alice")
    seen: list[str] = []
    app = ptb_app(api)

    async def on_report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        seen.append("command")
        markup = PtbMarkup([[PtbButton("Lift", callback_data="lift")]])
        await update.effective_message.reply_text("What is broken?", reply_markup=markup)

    async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        seen.append(f"text:{update.effective_message.text}")
        await context.bot.send_message(GROUP, "noted")

    async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        seen.append(f"press:{query.data}")
        await query.answer()
        await query.edit_message_text(f"Reported: {query.data}")

    app.add_handler(CommandHandler("report", on_report))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    app.add_handler(CallbackQueryHandler(on_press))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        api.post(chat, alice, "hello")
        api.command(chat, alice, "report")
        prompt = await api.wait_for(
            lambda: next((m for m in api.messages_in(GROUP) if m.get("reply_markup")), None)
        )
        api.press(chat, alice, prompt["message_id"], "lift")
        await api.wait_for(lambda: "Reported: lift" in [m["text"] for m in api.messages_in(GROUP)])
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()

    assert sorted(seen) == ["command", "press:lift", "text:hello"]
    assert api.unanswered_callback_queries() == []
    assert "deleteWebhook" in [c.method for c in api.calls]  # PTB's polling bootstrap


@pytest.mark.asyncio
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_ptb_errors(api: FakeBotApi) -> None:
    api.group(GROUP, "Maple Court")
    app = ptb_app(api)
    await app.initialize()
    try:
        api.fail_next("sendMessage", retry_after=4, chat_id=GROUP)
        with pytest.raises(RetryAfter) as flood:
            await app.bot.send_message(GROUP, "hi")
        assert retry_seconds(flood.value) == 4
        with pytest.raises(Forbidden, match="can't initiate conversation"):
            await app.bot.send_message(ALICE, "psst")
        sent = await app.bot.send_message(GROUP, "hi again")
        edited = await app.bot.edit_message_text("hi, edited", chat_id=GROUP, message_id=sent.id)
        assert not isinstance(edited, bool) and edited.text == "hi, edited"
    finally:
        await app.shutdown()

    wrong = Application.builder().token("123456:WRONG").base_url(f"{api.base_url}/bot").build()
    with pytest.raises(InvalidToken):
        await wrong.initialize()


# --- raw HTTP, flood limits, shutdown ------------------------------------------


@pytest.mark.asyncio
async def test_raw_json_multipart_and_404(api: FakeBotApi) -> None:
    api.group(GROUP, "Maple Court")
    url = f"{api.base_url}/bot{api.token}"
    markup = {"inline_keyboard": [[{"text": "OK", "callback_data": "ok"}]]}
    async with aiohttp.ClientSession() as http:
        as_json = {"chat_id": GROUP, "text": "123", "reply_markup": markup}
        async with http.post(f"{url}/sendMessage", json=as_json) as resp:
            body = await resp.json()
        assert body["ok"] and body["result"]["text"] == "123"
        assert body["result"]["reply_markup"] == markup

        form = aiohttp.FormData(quote_fields=False)
        form.add_field("chat_id", str(GROUP))
        form.add_field("text", "true")
        form.add_field("reply_markup", json.dumps(markup))
        form.add_field("doc", b"bytes", filename="a.txt")  # forces multipart/form-data
        async with http.post(f"{url}/sendMessage", data=form) as resp:
            body = await resp.json()
        assert body["result"]["text"] == "true" and body["result"]["reply_markup"] == markup

        async with http.post(f"{url}/sendTelepathy", json={}) as resp:
            assert resp.status == 404
            assert await resp.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
        async with http.get(f"{api.base_url}/bot1:nope/getMe") as resp:
            assert resp.status == 401
            assert (await resp.json())["description"] == "Unauthorized"


@pytest.mark.asyncio
async def test_flood_audit(api: FakeBotApi) -> None:
    api.group(GROUP, "Maple Court")
    for user_id in (1, 2, 3):
        api.user_started(user_id)
    async with aiogram_bot(api) as bot:
        await bot.send_message(GROUP, "a")  # a reply plus a quick follow-up is fine
        await bot.send_message(GROUP, "b")
        for user_id in (1, 2, 3):  # fan-out to different chats is fine
            await bot.send_message(user_id, "reminder")
        assert api.flood_violations() == []
        assert api.flood_violations(per_chat_burst=1)  # the strict reading flags "a","b"
        for letter in "cdef":
            await bot.send_message(GROUP, letter)
    found = api.flood_violations()
    assert found and all(f"chat {GROUP}" in line for line in found)

    limits = FloodLimits()
    steady = [(i * 3.05, GROUP) for i in range(20)]  # 20 messages a minute, 1 per 3 s
    assert violations(steady, limits) == []
    assert violations([*steady, (59.0, GROUP)], limits)  # 21st message within 60 s
    fan_out = [(i / 40, i + 1) for i in range(31)]  # 31 chats within 0.75 s
    assert violations(fan_out[:30], limits) == []
    assert violations(fan_out, limits)[0].endswith("(limit 30 per 1s)")


@pytest.mark.asyncio
async def test_enforced_limits_answer_429() -> None:
    async with FakeBotApi(enforce_limits=True) as api:
        api.group(GROUP, "Maple Court")
        async with aiogram_bot(api) as bot:
            for letter in "abc":
                await bot.send_message(GROUP, letter)
            with pytest.raises(TelegramRetryAfter) as flood:
                await bot.send_message(GROUP, "d")
        assert flood.value.retry_after >= 1
        assert api.flood_violations() == []  # rejected calls never reached the chat


@pytest.mark.asyncio
async def test_stop_ends_pending_long_poll() -> None:
    api = FakeBotApi(poll_timeout_cap=30)
    await api.start()
    async with aiohttp.ClientSession() as http:
        url = f"{api.base_url}/bot{api.token}/getUpdates"
        poll = asyncio.create_task(http.post(url, json={"timeout": 30}))
        await asyncio.sleep(0.2)
        started = time.monotonic()
        await api.stop()
        resp = await asyncio.wait_for(poll, 2)
        assert await resp.json() == {"ok": True, "result": []}
        assert time.monotonic() - started < 1.5
