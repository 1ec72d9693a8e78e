"""Calling volunteers for a request: choose them, mention them on the card, write to them privately."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from handlers.chat import Edit, Send, card_ref
from handlers.context import Context
from handlers.domain import Event, EventType, Request, Ring, Volunteer, VolunteerRecord
from handlers.matching.ranking import Candidate, MatchQuery, MatchSettings, Ranked, choose_calls, rank
from handlers.matching.skills import ENTERS_HOME
from handlers.ports import UnitOfWork

# Reliability looks back this far: old history should not haunt or flatter anyone forever.
RECORD_WINDOW = timedelta(days=180)


def query_for(request: Request) -> MatchQuery:
    return MatchQuery(
        category=request.category,
        building=request.building,
        compound=request.compound,
        community=request.community,
        urgent=request.urgent,
        emergency=request.emergency,
        enters_home=request.category in ENTERS_HOME,
    )


async def ranked_volunteers(
    ctx: Context, uow: UnitOfWork, request: Request, exclude: Sequence[int] = ()
) -> tuple[list[Ranked], dict[int, Volunteer]]:
    if request.community is None:
        return [], {}
    volunteers = await uow.volunteers.serving(request.community)
    now = ctx.clock.now()
    records = await uow.volunteers.records([v.user_id for v in volunteers], now - RECORD_WINDOW)
    candidates = [Candidate(v, records.get(v.user_id, VolunteerRecord())) for v in volunteers]
    ranked = rank(
        query_for(request),
        candidates,
        ctx.policy.grid,
        now.astimezone(ctx.policy.timezone),
        MatchSettings(rest_minutes=ctx.policy.rest_minutes),
        exclude=set(exclude) | {request.requester_id},
    )
    return ranked, {v.user_id: v for v in volunteers}


async def call_ring(
    ctx: Context, uow: UnitOfWork, request: Request, ring: Ring, *, widest: bool = False, count: int | None = None
) -> list[Volunteer]:
    """Call the best available volunteers of the nearest ring from `ring` outwards who were not called yet."""
    already = await uow.calls.called(request.id)
    ranked, by_id = await ranked_volunteers(ctx, uow, request, exclude=sorted(already))
    chosen = choose_calls(ranked, count or ctx.policy.calls_per_ring, from_ring=ring, widest=widest)
    if not chosen:
        return []
    now = ctx.clock.now()
    called = [by_id[r.user_id] for r in chosen]
    reached_ring = max(r.ring for r in chosen)
    await uow.calls.add(request.id, [v.user_id for v in called], int(reached_ring), now)
    await uow.events.add(
        Event(
            request.id,
            EventType.CALLED,
            None,
            now,
            {
                "ring": int(reached_ring),
                "called": [v.user_id for v in called],
                "scores": {str(r.user_id): dict(r.parts) for r in chosen},
            },
        )
    )
    for volunteer in called:
        if volunteer.started_bot:
            text, keyboard = ctx.texts.call(request)
            await uow.outbox.add(
                Send(volunteer.user_id, text, keyboard, ref=f"call:{request.id}:{volunteer.user_id}"),
                request_id=request.id,
            )
    return called


async def called_names(uow: UnitOfWork, request: Request) -> list[tuple[int, str]]:
    names: list[tuple[int, str]] = []
    for user_id in sorted(await uow.calls.called(request.id)):
        volunteer = await uow.volunteers.get(user_id)
        names.append((user_id, volunteer.name if volunteer else str(user_id)))
    return names


async def refresh_card(ctx: Context, uow: UnitOfWork, request: Request) -> None:
    called = await called_names(uow, request) if request.is_open else []
    text, keyboard = ctx.texts.card(request, called)
    await uow.outbox.add(Edit(request.chat_id, card_ref(request.id), text, keyboard), request_id=request.id)
