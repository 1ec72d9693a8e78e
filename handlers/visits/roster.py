"""`/roster` for secretaries: list who is on the visit roster of their communities (due, overdue),
`/roster add <building> <carer> <name…> [N/M] [need]`, `/roster off <n>`. Every answer names
residents, so from a group it goes to the secretary privately (desk/show.py)."""

from __future__ import annotations

from dataclasses import replace

from handlers.chat import Outcome
from handlers.commands import Roster
from handlers.context import Context
from handlers.desk.roles import person_of, secretary_of
from handlers.desk.show import privately
from handlers.domain import Community, Compound
from handlers.domain.roster_args import AddArgs
from handlers.domain.visits import RosterEntry, VisitEvent, VisitEventType, registered, scheduled, standing
from handlers.ports import UnitOfWork


async def roster(ctx: Context, uow: UnitOfWork, command: Roster) -> Outcome:
    communities = secretary_of(ctx, command)
    if not communities:
        return ctx.say("secretary_only", "refused")
    change = command.change
    if change is None:
        return await _list(ctx, uow, command, communities)
    if isinstance(change, AddArgs):
        return await _add(ctx, uow, command, communities, change)
    return await _off(ctx, uow, command, communities, change.number)


async def _list(ctx: Context, uow: UnitOfWork, command: Roster, communities: list[Community]) -> Outcome:
    entries = await uow.rosters.active([c.name for c in communities])
    now, cadence = ctx.clock.now(), ctx.policy.visits
    standings = [standing(e, now, cadence, ctx.policy.timezone) for e in entries]
    detail: dict[str, object] = {
        "count": len(entries),
        "due": [s.entry.id for s in standings if s.due_today],
        "overdue": [s.entry.id for s in standings if s.overdue],
    }
    return await privately(ctx, uow, command, "roster_listed", ctx.texts.roster(standings), detail=detail)


def _compound_of(ctx: Context, command: Roster, communities: list[Community], building: str) -> Compound | None:
    """The compound of `building` among the secretary's communities, the group's own first."""
    own = None if command.in_private else ctx.policy.grid.compound_of_chat(command.message.chat_id)
    candidates = [own] if own else []
    candidates += [c for community in communities for c in community.compounds]
    return next((c for c in candidates if building in c.buildings), None)


async def _add(
    ctx: Context, uow: UnitOfWork, command: Roster, communities: list[Community], parsed: AddArgs
) -> Outcome:
    compound = _compound_of(ctx, command, communities, parsed.building)
    if compound is None:
        return ctx.say("roster_unknown_building", building=parsed.building)
    carer = await person_of(uow, parsed.carer)
    if carer is None:
        return ctx.say("person_unknown", who=parsed.carer)
    cadence, now = ctx.policy.visits, ctx.clock.now()
    draft = RosterEntry(
        id=0, community=compound.community, compound=compound.name, building=parsed.building, name=parsed.name,
        need=parsed.need, carer_id=carer[0], carer_name=carer[1],
        contact_every=parsed.contact_every or cadence.contact_every,
        visit_every=parsed.visit_every or cadence.visit_every,
        added_by=command.sender.user_id, added_at=now, contact_due_at=now, visit_due_at=now,
    )
    entry = await uow.rosters.add(registered(draft, cadence, ctx.policy.timezone))
    detail: dict[str, object] = {
        "need": entry.need.value, "carer": entry.carer_id, "contact_every": entry.contact_every,
        "visit_every": entry.visit_every,
    }
    await uow.rosters.log(VisitEvent(entry.id, VisitEventType.ADDED, command.sender.user_id, now, detail))
    person = await uow.people.get(entry.carer_id)
    text = ctx.texts.text(
        "roster_added", id=entry.id, name=entry.name, building=entry.building, carer=entry.carer_name,
        contact=entry.contact_every, visit=entry.visit_every, need=ctx.texts.text(f"need_{entry.need}"),
    )
    if person is None or not person.started_bot:
        text += "\n" + ctx.texts.text("roster_carer_not_started", carer=entry.carer_name)
    return await privately(ctx, uow, command, "roster_added", text, detail={"id": entry.id, **detail})


async def _off(
    ctx: Context, uow: UnitOfWork, command: Roster, communities: list[Community], number: int
) -> Outcome:
    entry = await uow.rosters.get(number)
    mine = {c.name for c in communities}
    if entry is None or entry.community not in mine or entry.off_at is not None:
        # Whether the number exists in someone else's community is not this secretary's business.
        return ctx.say("roster_no_entry", id=number)
    now = ctx.clock.now()
    await uow.rosters.save(scheduled(replace(entry, off_at=now), ctx.policy.visits))
    await uow.rosters.log(VisitEvent(entry.id, VisitEventType.OFF, command.sender.user_id, now))
    text = ctx.texts.text("roster_off", id=entry.id, name=entry.name)
    return await privately(ctx, uow, command, "roster_off", text, detail={"id": entry.id})
