"""`/setup` in a group not yet configured: a secretary binds it to a compound and its buildings.

With buttons: community → compound → buildings (toggled, none picked: all), one message edited in
place; or typed: `/setup <compound> [buildings…]` (a compound not configured yet is created with
the buildings typed). The binding is stored (handlers/ports/desk.py); handlers/core.py merges it
into the grid in effect as soon as it commits, and bot/bootstrap.py at every start.
"""

from __future__ import annotations

from dataclasses import replace

from handlers.chat import Button, Edit, Keyboard, Outcome, Outgoing, Send
from handlers.commands import SetUp, SetupStep
from handlers.context import Context
from handlers.domain import Community
from handlers.domain.bindings import ChatBinding
from handlers.domain.setup import MAX_BUILDING_BUTTONS, SetupState, chosen, encode, ref_of
from handlers.ports import UnitOfWork

CHECK = "✓ "


async def set_up(ctx: Context, uow: UnitOfWork, command: SetUp) -> Outcome:
    message, user_id = command.message, command.sender.user_id
    if message.is_private:
        return ctx.say("setup_in_group")
    mine = [c for c in ctx.policy.grid.communities if user_id in c.secretaries]
    if not mine:
        return ctx.say("secretary_only", "refused")
    if ctx.policy.grid.compound_of_chat(message.chat_id) is not None:
        return ctx.say("setup_already")
    if command.compound is not None:
        return await _typed(ctx, uow, command, command.compound, mine)
    if len(mine) == 1:
        text, keyboard = _compounds_view(ctx, mine[0])
    else:
        text = ctx.texts.text("setup_pick_community")
        keyboard = tuple((Button(c.name, encode("c", SetupState(c, None, 0))),) for c in mine)
    view = Send(message.chat_id, text, keyboard, ref=ref_of(message.chat_id))
    return Outcome("setup_started", outgoing=(Outgoing(view),))


async def setup_step(ctx: Context, uow: UnitOfWork, command: SetupStep) -> Outcome:
    state, chat_id = command.state, command.chat_id
    if command.sender.user_id not in state.community.secretaries:
        return ctx.say("secretary_only", "refused")
    if ctx.policy.grid.compound_of_chat(chat_id) is not None:
        return ctx.say("setup_already")
    if command.step == "c" or state.compound is None:
        text, keyboard = _compounds_view(ctx, state.community)
    elif command.step == "b":
        text, keyboard = _buildings_view(ctx, state)
    else:
        return await _bind(ctx, uow, command.sender.user_id, chat_id, state.community, state.compound.name,
                           chosen(state), ref_of(chat_id))
    redrawn = Outgoing(Edit(chat_id, ref_of(chat_id), text, keyboard))
    return Outcome("setup_step", detail={"step": command.step}, outgoing=(redrawn,))


async def _typed(ctx: Context, uow: UnitOfWork, command: SetUp, name: str, mine: list[Community]) -> Outcome:
    buildings = command.buildings
    known = [(c, p) for c in mine for p in c.compounds if p.name == name]
    if known:
        community, compound = known[0]
        picked = buildings or compound.buildings
    elif len(mine) == 1 and buildings:
        community, picked = mine[0], buildings
    else:
        # A new compound needs its buildings, and a secretary of several communities must say which.
        return ctx.say("setup_usage")
    return await _bind(ctx, uow, command.sender.user_id, command.message.chat_id, community, name, picked, None)


async def _bind(
    ctx: Context, uow: UnitOfWork, user_id: int, chat_id: int, community: Community, compound: str,
    buildings: tuple[str, ...], ref: str | None,
) -> Outcome:
    await uow.desk.bind(ChatBinding(chat_id, community.name, compound, buildings, user_id, ctx.clock.now()))
    text = ctx.texts.text("setup_done", community=community.name, compound=compound,
                          buildings=", ".join(buildings[:60]))
    detail: dict[str, object] = {"grid_changed": True, "compound": compound, "buildings": list(buildings)}
    if ref is None:
        return Outcome("setup_done", detail=detail, answer=text)
    toast = ctx.texts.text("setup_done_toast")
    return Outcome("setup_done", detail=detail, toast=toast, outgoing=(Outgoing(Edit(chat_id, ref, text, ())),))


def _compounds_view(ctx: Context, community: Community) -> tuple[str, Keyboard]:
    rows = tuple((Button(p.name, encode("b", SetupState(community, p, 0))),) for p in community.compounds)
    return ctx.texts.text("setup_pick_compound", community=community.name), rows


def _buildings_view(ctx: Context, state: SetupState) -> tuple[str, Keyboard]:
    assert state.compound is not None
    compound = state.compound
    buttons = [
        Button((CHECK if state.buildings & (1 << i) else "") + b,
               encode("b", replace(state, buildings=state.buildings ^ (1 << i))))
        for i, b in enumerate(compound.buildings[:MAX_BUILDING_BUTTONS])
    ]
    rows = [tuple(buttons[i : i + 4]) for i in range(0, len(buttons), 4)]
    rows.append((Button(ctx.texts.text("setup_back"), encode("c", replace(state, compound=None, buildings=0))),
                 Button(ctx.texts.text("setup_bind"), encode("d", state))))
    text = ctx.texts.text("setup_pick_buildings", compound=compound.name)
    return text, tuple(rows)
