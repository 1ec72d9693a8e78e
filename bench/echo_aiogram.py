"""The bare aiogram echo bot `make bench-e2e` compares Jinlin with: long polling, every text
message answered with itself as a reply. Token from TELEGRAM_BOT_TOKEN, Bot API base from argv[1]."""

from __future__ import annotations

import asyncio
import os
import sys

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message


async def main(api_base: str) -> None:
    bot = Bot(os.environ["TELEGRAM_BOT_TOKEN"], session=AiohttpSession(api=TelegramAPIServer.from_base(api_base)))
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def echo(message: Message) -> None:
        await message.reply(message.text or "?")

    # aiogram handles each update as its own task by default (handle_as_tasks=True).
    await dispatcher.start_polling(bot, polling_timeout=1, handle_signals=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
