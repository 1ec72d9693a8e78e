"""The bare python-telegram-bot echo bot `make bench-e2e` compares Jinlin with: long polling,
every text message answered with itself as a reply. Token from TELEGRAM_BOT_TOKEN, Bot API base
from argv[1]. Updates are handled concurrently, as aiogram does by default: the fairer baseline."""

from __future__ import annotations

import os
import sys

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
    if update.message is not None:
        await update.message.reply_text(update.message.text or "?")


def main(api_base: str) -> None:
    base = api_base.rstrip("/")
    app = (
        Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"]).base_url(f"{base}/bot")
        .concurrent_updates(True).build()
    )  # fmt: skip
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(timeout=1, poll_interval=0.0)


if __name__ == "__main__":
    main(sys.argv[1])
