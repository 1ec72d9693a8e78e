"""Slash commands: one function each, looked up in COMMANDS."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from handlers import profile, registration
from handlers.chat import ChatMessage, Outcome, Send
from handlers.context import Context
from handlers.domain import Compound, Place, Volunteer
from handlers.matching.skills import parse_skills
from handlers.ports import UnitOfWork
from handlers.reporting import PERIODS, build_report, period_start

MAX_ARGS = 20  # a hostile "/volunteer" with thousands of words gets a usage answer, not a loop


@dataclass(frozen=True, slots=True)
class CommandCall:
    name: str
    args: tuple[str, ...]
    payload: str  # everything after the command, as typed
    addressed: bool = False  # written as /name@ourbot


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


Handler = Callable[[Context, UnitOfWork, ChatMessage, CommandCall], Awaitable[Outcome]]


async def reply(ctx: Context, uow: UnitOfWork, message: ChatMessage, key: str, **values: object) -> None:
    await uow.outbox.add(
        Send(message.chat_id, ctx.texts.text(key, **values), reply_to_message_id=message.message_id)
    )


async def start(ctx: Context, uow: UnitOfWork, message: ChatMessage, call: CommandCall) -> Outcome:
    if not message.is_private and ctx.policy.grid.compound_of_chat(message.chat_id) is None:
        await reply(ctx, uow, message, "setup", chat_id=message.chat_id)
        return Outcome("setup_hint")
    if message.is_private and call.args[:1] == ("volunteer",):
        # The deep link t.me/<bot>?start=volunteer arrives as "/start volunteer".
        return await registration.begin(ctx, uow, message)
    await reply(ctx, uow, message, "welcome")
    return Outcome("welcome")


async def help_(ctx: Context, uow: UnitOfWork, message: ChatMessage, call: CommandCall) -> Outcome:
    await reply(ctx, uow, message, "help")
    return Outcome("help")


def _place(ctx: Context, message: ChatMessage, building: str, known: Place | None = None) -> Place | None:
    """Where `building` is, for someone typing in this chat.

    In a group only the chat's own community counts (its own compound first): "3" typed in one
    community's group must never register someone in another community's building 3. In private
    the compound we already know for the person wins, then the first compound that has it.
    """
    grid = ctx.policy.grid
    if message.is_private:
        own = grid.compound(known.community, known.compound) if known else None
        if own is not None and building in own.buildings:
            return Place(own.community, own.name, building)
        return grid.place_of_building(building)
    chat_compound = grid.compound_of_chat(message.chat_id)
    community = grid.community(chat_compound.community) if chat_compound else None
    if chat_compound is None or community is None:
        return None
    compounds: list[Compound] = [chat_compound, *(c for c in community.compounds if c is not chat_compound)]
    found = next((c for c in compounds if building in c.buildings), None)
    return Place(found.community, found.name, building) if found else None


async def _known_place(uow: UnitOfWork, user_id: int, volunteer_: Volunteer | None) -> Place | None:
    if volunteer_ is not None:
        return Place(volunteer_.community, volunteer_.compound, volunteer_.building)
    person = await uow.people.get(user_id)
    if person is None or not (person.home_community and person.home_compound):
        return None
    return Place(person.home_community, person.home_compound, person.home_building)


async def volunteer(ctx: Context, uow: UnitOfWork, message: ChatMessage, call: CommandCall) -> Outcome:
    user = message.sender
    existing = await uow.volunteers.get(user.user_id)
    if call.args and call.args[0].lower() in ("off", "on", "pause", "resume"):
        if existing is None:
            await reply(ctx, uow, message, "volunteer_unknown")
            return Outcome("volunteer_unknown")
        paused = call.args[0].lower() in ("off", "pause")
        await uow.volunteers.save(replace(existing, paused=paused))
        await reply(ctx, uow, message, "volunteer_paused" if paused else "volunteer_resumed")
        return Outcome("volunteer_paused" if paused else "volunteer_resumed")
    if not call.args or len(call.args) > MAX_ARGS:
        await reply(ctx, uow, message, "volunteer_usage")
        return Outcome("usage")
    building = _building_arg(ctx, call.args[0])
    place = _place(ctx, message, building, await _known_place(uow, user.user_id, existing))
    if place is None:
        await reply(ctx, uow, message, "unknown_building", building=building, known=_known_buildings(ctx, message))
        return Outcome("unknown_building")
    skills, unknown = parse_skills(call.args[1:])
    person = await uow.people.seen(user.user_id, user.name, user.username, started_bot=message.is_private)
    base = existing or Volunteer(user.user_id, user.name, building, place.compound, place.community)
    registered = replace(
        base,
        name=user.name,
        building=building,
        compound=place.compound,
        community=place.community,
        skills=skills or base.skills,
        paused=False,
        started_bot=person.started_bot,
        registered_at=base.registered_at or ctx.clock.now(),
    )
    await uow.volunteers.save(registered)
    await uow.people.set_home(user.user_id, building, place.compound, place.community)
    detail: dict[str, object] = {"skills": sorted(registered.skills), "unknown": list(unknown)}
    # Typed in private with a building only (the grid was too big for building buttons, or they
    # prefer typing): carry on with the skill buttons instead of a dead end.
    if message.is_private and not call.args[1:] and await registration.continue_with_skills(ctx, uow, registered):
        return Outcome("volunteer_registered", detail=detail)
    await reply(
        ctx, uow, message, "volunteer_ok",
        name=user.name, building=building, skills=sorted(registered.skills), unknown=list(unknown),
        private_hint=not person.started_bot,
    )
    return Outcome("volunteer_registered", detail=detail)


def _building_arg(ctx: Context, word: str) -> str:
    """A building as typed after a command: "198", "198号楼", "三号楼", "B座", "Bldg 7" all work,
    read by the same parser that reads requests; a bare id is taken as it is."""
    return ctx.read(word).building or word


def _known_buildings(ctx: Context, message: ChatMessage) -> str:
    compound = ctx.policy.grid.compound_of_chat(message.chat_id)
    buildings = compound.buildings if compound else ()
    return ", ".join(buildings[:30])


async def home(ctx: Context, uow: UnitOfWork, message: ChatMessage, call: CommandCall) -> Outcome:
    if len(call.args) != 1:
        await reply(ctx, uow, message, "home_usage")
        return Outcome("usage")
    building = _building_arg(ctx, call.args[0])
    user = message.sender
    known = await _known_place(uow, user.user_id, await uow.volunteers.get(user.user_id))
    place = _place(ctx, message, building, known)
    if place is None:
        await reply(ctx, uow, message, "unknown_building", building=building, known=_known_buildings(ctx, message))
        return Outcome("unknown_building")
    await uow.people.seen(user.user_id, user.name, user.username, started_bot=message.is_private)
    await uow.people.set_home(user.user_id, building, place.compound, place.community)
    await reply(ctx, uow, message, "home_ok", building=building)
    return Outcome("home_set")


def _scope(ctx: Context, message: ChatMessage) -> tuple[list[int] | None, list[str] | None]:
    """Which chats and communities a command speaks about: the chat's own, or a secretary's."""
    grid = ctx.policy.grid
    if not message.is_private:
        compound = grid.compound_of_chat(message.chat_id)
        if compound is None:
            return [], []
        return list(compound.chats), [compound.community]
    mine = [c for c in grid.communities if message.sender.user_id in c.secretaries]
    return [chat for c in mine for compound in c.compounds for chat in compound.chats], [c.name for c in mine]


async def open_requests(ctx: Context, uow: UnitOfWork, message: ChatMessage, call: CommandCall) -> Outcome:
    chats, _ = _scope(ctx, message)
    active = await uow.requests.list_active(chats) if chats else []
    await uow.outbox.add(
        Send(message.chat_id, ctx.texts.open_list(active[:30], len(active)), reply_to_message_id=message.message_id)
    )
    return Outcome("open_listed", detail={"count": len(active)})


async def report(ctx: Context, uow: UnitOfWork, message: ChatMessage, call: CommandCall) -> Outcome:
    community = None
    if not message.is_private:
        compound = ctx.policy.grid.compound_of_chat(message.chat_id)
        community = compound.community if compound else None
    if not ctx.policy.grid.is_secretary(message.sender.user_id, community):
        await reply(ctx, uow, message, "report_refused")
        return Outcome("report_refused")
    period = call.args[0].lower() if call.args else "week"
    if period not in PERIODS:
        await reply(ctx, uow, message, "report_usage", periods=" | ".join(PERIODS))
        return Outcome("usage")
    _, communities = _scope(ctx, message)
    since = period_start(period, ctx.clock.now(), ctx.policy.timezone)
    figures = build_report(await uow.requests.posted_since(since), period, since, communities)
    await uow.outbox.add(Send(message.chat_id, ctx.texts.report(figures), reply_to_message_id=message.message_id))
    return Outcome("reported", detail=figures.as_json())


COMMANDS: dict[str, Handler] = {
    "start": start,
    "help": help_,
    "volunteer": volunteer,
    "home": home,
    "open": open_requests,
    "report": report,
    "me": profile.me,
    "hours": profile.hours,
    "quiet": profile.quiet,
    "load": profile.load,
    "serve": profile.serve,
    "vet": profile.vet,
}

# What setMyCommands advertises, in menu order; descriptions come from the texts ("cmd_<name>").
ADVERTISED = ("help", "volunteer", "home", "open", "me", "hours", "quiet", "load", "serve", "report")
