"""A message, read into the command it gives: a slash command (named in handlers/table.py), or
free text read by the parser as a request, a claim, a done, a cancel, an offer or a concern.

A claim / done / cancel phrase acts only as a reply to a request (or its card, or a private call),
or when the requester speaks about their own active request; anywhere else it is just talk (a claim
under a neighbour's message that got no card is kept as a correction candidate). A reply to a
request is read knowing its writer's role (roles.py). Words the reader is unsure about get a
question (`Suggest`); their author's reply to that question accepts it.
"""

from __future__ import annotations

from handlers.chat import ChatMessage, Outcome
from handlers.commands import (
    AcceptSuggestion,
    CancelRequest,
    ClaimRequest,
    Command,
    CommandCall,
    CompleteRequest,
    NoteCandidate,
    NoteVisit,
    PostRequest,
    RecordConcern,
    RecordOffer,
    Suggest,
)
from handlers.context import Context
from handlers.domain import Kind, Request
from handlers.domain.feedback import SuggestionStatus
from handlers.intake.roles import reply_context
from handlers.ports import UnitOfWork
from handlers.table import SLASH
from handlers.understanding import Reading

# Telegram caps a message at 4096 characters; anything longer was not typed by a neighbour.
READ_LIMIT = 4096

# What a group not yet configured may ask: setup help, and binding it (handlers/desk/setup.py).
UNCONFIGURED_COMMANDS = ("start", "setup")

_PROGRESS = {Kind.CLAIM: ClaimRequest, Kind.DONE: CompleteRequest, Kind.CANCEL: CancelRequest}
# The kinds a group's new message acts on (anything else is talk).
_ACTING = {*_PROGRESS, Kind.REQUEST, Kind.OFFER, Kind.CONCERN}


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


async def read_message(
    ctx: Context, uow: UnitOfWork, message: ChatMessage, talk: Reading | None = None
) -> Command | Outcome:
    """`talk`: what `talk_reading` found in this very message, if it was read already (Core.settles)."""
    call = parse_command(message.text, ctx.bot_username)
    if call is None and message.text.startswith("/"):
        # Another bot's command ("/help@otherbot") or a bare "/": never a neighbour's words.
        return Outcome("not_for_us")
    configured = message.is_private or ctx.policy.grid.compound_of_chat(message.chat_id) is not None
    if call is not None and not message.edited:
        if not configured and call.name not in UNCONFIGURED_COMMANDS:
            return Outcome("unconfigured_chat")
        command = SLASH.get(call.name)
        if command is None:
            # Other bots' commands share the group: only answer what was clearly meant for us.
            clearly_ours = message.is_private or call.addressed
            return ctx.say("unknown_command") if clearly_ours else Outcome("unknown_command")
        return command(message.sender, message.is_private, message, call)
    if not configured or call is not None:
        return Outcome("unconfigured_chat" if not configured else "edited_command")
    return await _read_words(ctx, uow, message, talk)


def talk_reading(ctx: Context, message: ChatMessage) -> Reading | None:
    """The reading `_read_words` makes of new words in a configured group replying to nothing, no
    command, made without storage: no suggestion answered, no visit noted, no request replied to
    (so no reply context). None for any other message."""
    if message.is_private or message.edited or message.reply_to_message_id is not None:
        return None
    if message.text.startswith("/") or ctx.policy.grid.compound_of_chat(message.chat_id) is None:
        return None
    return ctx.read(message.text[:READ_LIMIT], None)


def is_idle(reading: Reading) -> bool:
    """A `talk_reading` on which `read_message` finds nothing to do: read (confidently) as none of
    the kinds that act. Such an update needs only to be marked handled (Core.settles)."""
    return not reading.unsure and reading.kind not in _ACTING


async def _read_words(
    ctx: Context, uow: UnitOfWork, message: ChatMessage, talk: Reading | None = None
) -> Command | Outcome:
    if (accepted := await _answers_suggestion(uow, message)) is not None:
        return accepted
    if (note := await _notes_visit(uow, message)) is not None:
        return note
    target = await _replied_request(uow, message)
    # `talk` was made of this message with no reply context, which is what it gets here too.
    reading = talk or ctx.read(message.text[:READ_LIMIT], await reply_context(uow, message, target))
    if reading.kind in _PROGRESS:
        if message.edited:
            # The words were acted on (or not) when first sent; editing them must not act twice.
            return Outcome("edit_ignored")
        return await _on_progress(uow, message, reading, target)
    if message.is_private:
        # Requests belong in the group, where neighbours can see them; say so rather than stay silent.
        return ctx.say("private_hint")
    if message.edited:
        return await _on_edit(uow, message, reading)
    if reading.unsure and target is None:
        # Maybe a request: no card, but one question to its writer (handlers/suggestions/).
        return Suggest(message.sender, False, message, reading)
    if reading.kind is Kind.REQUEST:
        if target is not None and target.requester_id == message.sender.user_id:
            # A requester adding detail under their own request is not a second request.
            return Outcome("detail", target.id)
        return PostRequest(message.sender, False, message, reading)
    if reading.kind is Kind.OFFER:
        return RecordOffer(message.sender, False, message, reading)
    if reading.kind is Kind.CONCERN:
        return RecordConcern(message.sender, False, message, reading)
    return Outcome("chat", detail={"cues": list(reading.cues)})


async def _answers_suggestion(uow: UnitOfWork, message: ChatMessage) -> AcceptSuggestion | None:
    """The author's reply to the bot's pending question opens the request; None for any other message."""
    if message.reply_to_message_id is None or message.is_private or message.edited:
        return None
    suggestion = await uow.suggestions.by_bot_message(message.chat_id, message.reply_to_message_id)
    if suggestion is None or suggestion.author_id != message.sender.user_id:
        return None
    if suggestion.status is not SuggestionStatus.PENDING:
        return None
    return AcceptSuggestion(message.sender, False, suggestion, message.text)


async def _notes_visit(uow: UnitOfWork, message: ChatMessage) -> NoteVisit | None:
    """A carer's private reply to a visit reminder they answered: a note for the roster's record."""
    if not message.is_private or message.reply_to_message_id is None or message.edited:
        return None
    answered = await uow.rosters.answered_on(message.chat_id, message.reply_to_message_id)
    entry = await uow.rosters.get(answered.roster_id) if answered is not None else None
    if answered is None or entry is None or answered.actor_id != message.sender.user_id:
        return None
    return NoteVisit(message.sender, True, entry, answered, message.text)


async def _replied_request(uow: UnitOfWork, message: ChatMessage) -> Request | None:
    if message.reply_to_message_id is None:
        return None
    return await uow.requests.by_message(message.chat_id, message.reply_to_message_id)


async def _on_progress(
    uow: UnitOfWork, message: ChatMessage, reading: Reading, target: Request | None
) -> Command | Outcome:
    if target is None and reading.kind is not Kind.CLAIM:
        # Without a reply, only the requester's own words about their own request count.
        own = await uow.requests.active_of_requester(message.chat_id, message.sender.user_id)
        target = own[0] if own else None
    if target is None and reading.kind is Kind.CLAIM and message.reply_to_user_id is not None:
        # A claim under a message that got no card claims nothing, but that message was likely an ask.
        return NoteCandidate(message.sender, message.is_private, message)
    if target is None:
        return Outcome("chat", detail={"kind": reading.kind.value})
    involved = message.sender.user_id == target.requester_id or message.sender.user_id in target.claimers
    if reading.kind is not Kind.CLAIM and not involved:
        # A bystander's "done" or "can't make it" under someone's request is conversation, not a command.
        return Outcome("chat", target.id, {"kind": reading.kind.value})
    # Replies to "我来" or "收好了" then mean this request too ("谢谢!" under the helper's message).
    await uow.requests.link_message(target.id, message.chat_id, message.message_id)
    return _PROGRESS[reading.kind](message.sender, message.is_private, target, False)


async def _on_edit(uow: UnitOfWork, message: ChatMessage, reading: Reading) -> Command | Outcome:
    """An edit into a request opens one; an edit away from a request withdraws nothing."""
    existing = await uow.requests.by_message(message.chat_id, message.message_id)
    if existing is not None or reading.kind is not Kind.REQUEST or reading.unsure:
        return Outcome("edit_ignored", existing.id if existing else None)
    return PostRequest(message.sender, False, message, reading)
