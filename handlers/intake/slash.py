"""A message: a slash command becomes its command (named in handlers/table.py); other text is
read by handlers/intake/words.py."""

from __future__ import annotations

from handlers.chat import ChatMessage, Outcome
from handlers.commands import Command, CommandCall
from handlers.context import Context
from handlers.intake.words import read_words
from handlers.ports import UnitOfWork
from handlers.table import SLASH


def parse_command(text: str, bot_username: str) -> CommandCall | None:
    """`/name@bot arg…` → CommandCall; None if not a command or addressed to another bot."""
    body = text[1:]
    if not text.startswith("/") or not body or body[0].isspace():
        return None
    # Arguments may follow a space, a newline or a tab ("/volunteer\n198 电工" is one command).
    head, *rest = body.split(maxsplit=1)
    payload = rest[0] if rest else ""
    name, _, addressee = head.partition("@")
    if addressee and bot_username and addressee.lower() != bot_username.lower():
        return None
    if not name or not name.replace("_", "").isalnum() or len(name) > 32:
        return None
    return CommandCall(name.lower(), tuple(payload.split()), payload.strip(), bool(addressee))


async def read_message(ctx: Context, uow: UnitOfWork, message: ChatMessage) -> Command | Outcome:
    call = parse_command(message.text, ctx.bot_username)
    if call is None and message.text.startswith("/"):
        # Another bot's command ("/help@otherbot") or a bare "/": never a neighbour's words.
        return Outcome("not_for_us")
    configured = message.is_private or ctx.policy.grid.compound_of_chat(message.chat_id) is not None
    if call is not None and not message.edited:
        if not configured and call.name != "start":
            return Outcome("unconfigured_chat")
        command = SLASH.get(call.name)
        if command is None:
            # Other bots' commands share the group: only answer what was clearly meant for us.
            clearly_ours = message.is_private or call.addressed
            return ctx.say("unknown_command") if clearly_ours else Outcome("unknown_command")
        return command(message.sender, message.is_private, message, call)
    if not configured or call is not None:
        return Outcome("unconfigured_chat" if not configured else "edited_command")
    return await read_words(ctx, uow, message)
