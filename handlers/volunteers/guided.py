"""The private guided sign-up: building → skills → hours, one private message edited in place.

Its whole state rides in the buttons' callback_data (handlers/domain/sign_up.py), so a press is a
pure function of its data and of who pressed: a double tap or a replay redraws the same screen, a
restart loses nothing, and forged data can at worst change the presser's own profile.
"""

from __future__ import annotations

from dataclasses import replace

from handlers.chat import Button, Edit, Keyboard, Outcome, Outgoing, Send, Sender
from handlers.commands import RegistrationStep, Slash
from handlers.context import Context
from handlers.domain import DEFAULT_QUIET, Compound, Volunteer
from handlers.domain.sign_up import HOUR_BITS, HOUR_PRESETS, QUIET_OFF, SKILLS, State, encode, fits, ref_of, state_of
from handlers.ports import UnitOfWork

MAX_BUILDING_BUTTONS = 24  # more than this is a wall of buttons on a phone: ask them to type instead
CHECK = "✓ "


async def begin(ctx: Context, uow: UnitOfWork, command: Slash) -> Outcome:
    """`/start volunteer` in private: step 1, the building."""
    user_id = command.sender.user_id
    existing = await uow.volunteers.get(user_id)
    person = await uow.people.get(user_id)
    grid = ctx.policy.grid
    own = None
    if existing is not None:
        own = grid.compound(existing.community, existing.compound)
    elif person is not None and person.home_community and person.home_compound:
        own = grid.compound(person.home_community, person.home_compound)
    candidates = [own] if own else [c for community in grid.communities for c in community.compounds]
    text, keyboard = _building_view(ctx, candidates, existing, several=own is None)
    detail: dict[str, object] = {"buttons": sum(len(row) for row in keyboard)}
    return Outcome("registration_started", detail=detail, outgoing=(_screen(user_id, text, keyboard),))


def continue_with_skills(ctx: Context, volunteer: Volunteer) -> Outgoing | None:
    """After a typed `/volunteer <building>` in private: carry on with the skill buttons (None
    when the building cannot ride in them)."""
    compound = ctx.policy.grid.compound(volunteer.community, volunteer.compound)
    if compound is None or not fits(compound, volunteer.building):
        return None
    text, keyboard = _skills_view(ctx, state_of(volunteer, compound, volunteer.building))
    return _screen(volunteer.user_id, text, keyboard)


def _screen(user_id: int, text: str, keyboard: Keyboard) -> Outgoing:
    """The sign-up's one private message, which each press edits."""
    return Outgoing(Send(user_id, text, keyboard, ref=ref_of(user_id)))


async def step(ctx: Context, uow: UnitOfWork, command: RegistrationStep) -> Outcome:
    """A press on one of the three screens: redraw the next one, or save ("d", done)."""
    user_id = command.sender.user_id
    if command.step == "d":
        volunteer = await _save(ctx, uow, command.sender, command.state)
        text = ctx.texts.text("reg_saved") + "\n\n" + ctx.texts.profile(volunteer, None)
        saved = Outgoing(Edit(user_id, ref_of(user_id), text, ()))
        detail: dict[str, object] = {"skills": sorted(volunteer.skills), "via": "buttons"}
        toast = ctx.texts.text("reg_saved_toast")
        return Outcome("volunteer_registered", detail=detail, toast=toast, outgoing=(saved,))
    state = command.state
    text, keyboard = _skills_view(ctx, state) if command.step == "s" else _hours_view(ctx, state)
    redrawn = Outgoing(Edit(user_id, ref_of(user_id), text, keyboard))
    return Outcome("registration_step", detail={"step": command.step}, outgoing=(redrawn,))


async def _save(ctx: Context, uow: UnitOfWork, sender: Sender, state: State) -> Volunteer:
    existing = await uow.volunteers.get(sender.user_id)
    compound = state.compound
    base = existing or Volunteer(sender.user_id, sender.name, state.building, compound.name, compound.community)
    hours = tuple(window for i, (_, window) in enumerate(HOUR_PRESETS) if state.hours & (1 << i))
    # Keep a quiet window typed with /quiet; "on" only restores the default when there was none.
    quiet = None if state.hours & QUIET_OFF else (base.quiet or DEFAULT_QUIET)
    volunteer = replace(
        base,
        name=sender.name,
        building=state.building,
        compound=compound.name,
        community=compound.community,
        skills=frozenset(tag for i, tag in enumerate(SKILLS) if state.skills & (1 << i)),
        hours=hours,
        quiet=quiet,
        started_bot=True,
        registered_at=base.registered_at or ctx.clock.now(),
    )
    await uow.volunteers.save(volunteer)
    await uow.people.set_home(sender.user_id, state.building, compound.name, compound.community)
    return volunteer




def _rows(buttons: list[Button], per_row: int) -> Keyboard:
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))


def _building_view(
    ctx: Context, candidates: list[Compound], existing: Volunteer | None, *, several: bool
) -> tuple[str, Keyboard]:
    buttons: list[Button] = []
    too_long = False
    for compound in candidates:
        for building in compound.buildings:
            too_long = too_long or not fits(compound, building)
            state = state_of(existing, compound, building)
            label = f"{compound.name} {building}" if several else building
            mine = existing is not None and (existing.compound, existing.building) == (compound.name, building)
            buttons.append(Button((CHECK if mine else "") + label, encode("s", state)))
    if 0 < len(buttons) <= MAX_BUILDING_BUTTONS and not too_long:
        return ctx.texts.text("reg_building"), _rows(buttons, 2 if several else 4)
    # Too many to show: they type /volunteer <building>, which continues with the skill buttons.
    keep: Keyboard = ()
    if existing is not None:
        own = next((c for c in candidates if c.name == existing.compound), None)
        if own is not None and existing.building in own.buildings and fits(own, existing.building):
            label = ctx.texts.text("reg_keep", building=existing.building)
            keep = ((Button(label, encode("s", state_of(existing, own, existing.building))),),)
    return ctx.texts.text("reg_building_type"), keep


def _skills_view(ctx: Context, state: State) -> tuple[str, Keyboard]:
    buttons = []
    for i, tag in enumerate(SKILLS):
        on = bool(state.skills & (1 << i))
        toggled = replace(state, skills=state.skills ^ (1 << i))
        buttons.append(Button((CHECK if on else "") + ctx.texts.text("reg_skill", tag=tag), encode("s", toggled)))
    nav = (Button(ctx.texts.text("reg_next"), encode("h", state)),)
    text = ctx.texts.text("reg_skills", building=state.building, compound=state.compound.name)
    return text, (*_rows(buttons, 3), nav)


def _hours_view(ctx: Context, state: State) -> tuple[str, Keyboard]:
    chosen = state.hours & HOUR_BITS

    def toggle(label: str, on: bool, hours: int) -> tuple[Button, ...]:
        return (Button((CHECK if on else "") + label, encode("h", replace(state, hours=hours))),)

    rows = [toggle(ctx.texts.text("reg_hours_any"), not chosen, state.hours & ~HOUR_BITS)]
    for i, (key, _) in enumerate(HOUR_PRESETS):
        rows.append(toggle(ctx.texts.text(key), bool(chosen & (1 << i)), state.hours ^ (1 << i)))
    quiet_key = "reg_quiet_off" if state.hours & QUIET_OFF else "reg_quiet_on"
    rows.append(toggle(ctx.texts.text(quiet_key), False, state.hours ^ QUIET_OFF))
    rows.append(
        (Button(ctx.texts.text("reg_back"), encode("s", state)), Button(ctx.texts.text("reg_done"), encode("d", state)))
    )
    return ctx.texts.text("reg_hours", building=state.building), tuple(rows)
