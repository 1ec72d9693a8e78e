"""Calling volunteers for a request: choose them, record the call, say what to write to them
privately (the presenter writes it, and names them on the card: handlers/present.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from handlers.chat import Outgoing, Send
from handlers.context import Context
from handlers.domain import Event, EventType, Request, Ring, Volunteer, VolunteerRecord
from handlers.matching.ranking import Candidate, MatchQuery, MatchSettings, Ranked, rank, select_calls
from handlers.ports import UnitOfWork

# Reliability looks back this far: old history should not haunt or flatter anyone forever.
RECORD_WINDOW = timedelta(days=180)


# An emergency calls this many times the usual number, from the whole community at once.
EMERGENCY_CALL_FACTOR = 3


def query_for(request: Request) -> MatchQuery:
    return MatchQuery.for_request(request)


@dataclass(frozen=True, slots=True)
class Pool:
    """Everyone who could be called for one request, with what ranking needs to know."""

    candidates: list[Candidate]
    by_id: dict[int, Volunteer]


async def _pool(ctx: Context, uow: UnitOfWork, request: Request) -> Pool:
    if request.community is None:
        return Pool([], {})
    volunteers = await uow.volunteers.serving(request.community)
    records = await uow.volunteers.records([v.user_id for v in volunteers], ctx.clock.now() - RECORD_WINDOW)
    candidates = [Candidate(v, records.get(v.user_id, VolunteerRecord())) for v in volunteers]
    return Pool(candidates, {v.user_id: v for v in volunteers})


@dataclass(frozen=True, slots=True)
class Called:
    """Those called for one request, and the private calls to those the bot may write to."""

    volunteers: list[Volunteer] = field(default_factory=list)
    outgoing: tuple[Outgoing, ...] = ()

    @property
    def user_ids(self) -> list[int]:
        return [v.user_id for v in self.volunteers]


def _settings(ctx: Context) -> MatchSettings:
    return MatchSettings(rest_minutes=ctx.policy.rest_minutes)


async def ranked_volunteers(
    ctx: Context, uow: UnitOfWork, request: Request
) -> tuple[list[Ranked], dict[int, Volunteer]]:
    """Everyone ranked, for `jinlin match --explain`; calling uses the cheaper `select_calls`."""
    pool = await _pool(ctx, uow, request)
    ranked = rank(
        query_for(request), pool.candidates, ctx.policy.grid, ctx.clock.now().astimezone(ctx.policy.timezone),
        _settings(ctx), exclude={request.requester_id},
    )
    return ranked, pool.by_id


async def call_ring(
    ctx: Context, uow: UnitOfWork, request: Request, ring: Ring, *, widest: bool = False, count: int | None = None,
    first: bool = False,
) -> Called:
    """Call the best available volunteers of the nearest ring from `ring` outwards who were not called yet
    (`first`: the request was stored in this transaction, so nobody was)."""
    # Nobody is called twice, nor asked to take a request they already hold (people_needed > 1).
    called_before = set() if first else await uow.calls.called(request.id)
    already = called_before | set(request.claimers) | {request.requester_id}
    pool = await _pool(ctx, uow, request)
    k = count or ctx.policy.calls_per_ring * (EMERGENCY_CALL_FACTOR if widest else 1)
    now = ctx.clock.now()
    chosen = select_calls(
        query_for(request), pool.candidates, ctx.policy.grid, now.astimezone(ctx.policy.timezone), k, ring,
        widest=widest, settings=_settings(ctx), exclude=already,
    )
    if not chosen:
        return Called()
    called = [pool.by_id[r.user_id] for r in chosen]
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
    calls: list[Outgoing] = []
    for volunteer in called:
        if volunteer.started_bot:
            text, keyboard = ctx.texts.call(request)
            call = Send(volunteer.user_id, text, keyboard, ref=f"call:{request.id}:{volunteer.user_id}")
            calls.append(Outgoing(call, request.id))
    return Called(called, tuple(calls))
