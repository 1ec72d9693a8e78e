"""The escalation ladder: what happens to a request as time passes with nobody taking or finishing it.

Open:    building → (compound_after) compound → (community_after) community
         → (secretaries_after) secretaries + requester told → (expire_after) expired.
Claimed: (follow_up_after) ask the claimer → (overdue_after) tell the secretaries.
Open steps count from posting, claimed steps from the claim (a request claimed late is not
"overdue" the moment it is taken); all shrink by urgent_factor for urgent requests. The due time lives in
the request row; a sweep that finds it due takes the step that is due *now* (after downtime it
jumps straight to the latest step rather than replaying each one) and schedules the next.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from handlers.calling import call_ring, refresh_card
from handlers.chat import Outcome, Send
from handlers.context import Context
from handlers.domain import Event, EventType, Request, Ring, Status
from handlers.policy import Ladder
from handlers.ports import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)


def _open_steps(ladder: Ladder) -> tuple[timedelta, ...]:
    """Elapsed time at which an open request reaches ring 1, 2, 3 and then expires (index 4)."""
    return (ladder.compound_after, ladder.community_after, ladder.secretaries_after, ladder.expire_after)


def _claimed_steps(ladder: Ladder) -> tuple[timedelta, ...]:
    return (ladder.follow_up_after, ladder.overdue_after)


def _start(request: Request) -> datetime:
    """The moment the current ladder counts from: the claim while claimed, else the posting."""
    if request.status is Status.CLAIMED:
        # After a release and a new claim, the new claimer gets the full time before a reminder.
        return request.last_claim_at or request.claimed_at or request.posted_at
    return request.posted_at


def next_due(ladder: Ladder, request: Request) -> datetime | None:
    if request.status is Status.OPEN:
        steps = _open_steps(ladder)
        level = min(request.ring, len(steps) - 1)
    elif request.status is Status.CLAIMED:
        steps = _claimed_steps(ladder)
        if request.followups >= len(steps):
            return None
        level = request.followups
    else:
        return None
    return _start(request) + ladder.scaled(steps[level], request.urgent)


def _reached(ladder: Ladder, steps: tuple[timedelta, ...], request: Request, now: datetime) -> int:
    """How many steps of `steps` have passed by `now`."""
    elapsed = now - _start(request)
    return sum(1 for step in steps if elapsed >= ladder.scaled(step, request.urgent))


async def advance(ctx: Context, uow: UnitOfWork, request: Request) -> Outcome:
    """Take the step that is due for one request, then schedule the next."""
    ladder = ctx.policy.ladder
    now = ctx.clock.now()
    outcome = Outcome("not_due", request.id)
    if request.status is Status.OPEN:
        reached = _reached(ladder, _open_steps(ladder), request, now)
        if reached >= 4:
            return await _expire(ctx, uow, request)
        if reached > request.ring:
            outcome = await _escalate(ctx, uow, request, Ring(reached))
    elif request.status is Status.CLAIMED:
        reached = _reached(ladder, _claimed_steps(ladder), request, now)
        if reached > request.followups:
            outcome = await _follow_up(ctx, uow, request, reached)
    request.next_due_at = next_due(ladder, request)
    await uow.requests.save_progress(request)
    return outcome


async def _escalate(ctx: Context, uow: UnitOfWork, request: Request, target: Ring) -> Outcome:
    now = ctx.clock.now()
    called = await call_ring(ctx, uow, request, Ring(min(target, Ring.COMMUNITY)))
    request.ring = int(target)
    await uow.events.add(
        Event(request.id, EventType.ESCALATED, None, now, {"ring": int(target), "called": [v.user_id for v in called]})
    )
    if target is Ring.SECRETARY:
        await _tell_secretaries(ctx, uow, request, "escalated_to_secretary")
        if not request.requester_told_waiting:
            request.requester_told_waiting = True
            await uow.outbox.add(
                Send(request.chat_id, ctx.texts.text("still_looking", id=request.id),
                     reply_to_message_id=request.message_id),
                request_id=request.id,
            )
    await refresh_card(ctx, uow, request)
    return Outcome("escalated", request.id, {"ring": int(target), "called": [v.user_id for v in called]})


async def _follow_up(ctx: Context, uow: UnitOfWork, request: Request, reached: int) -> Outcome:
    now = ctx.clock.now()
    request.followups = reached
    if reached == 1:
        text, keyboard = ctx.texts.follow_up(request)
        unreachable = False
        for user_id in request.claimers:
            person = await uow.people.get(user_id)
            if person is not None and person.started_bot:
                await uow.outbox.add(Send(user_id, text, keyboard), request_id=request.id)
            else:
                unreachable = True
        if unreachable:
            # The bot cannot write privately to someone who never started it: ask in the group.
            await uow.outbox.add(
                Send(request.chat_id, text, keyboard, reply_to_message_id=request.message_id), request_id=request.id
            )
        await uow.events.add(Event(request.id, EventType.FOLLOW_UP, None, now, {"claimers": list(request.claimers)}))
        return Outcome("followed_up", request.id)
    await _tell_secretaries(ctx, uow, request, "overdue_to_secretary")
    await uow.events.add(Event(request.id, EventType.REPORTED_OVERDUE, None, now))
    return Outcome("reported_overdue", request.id)


async def _expire(ctx: Context, uow: UnitOfWork, request: Request) -> Outcome:
    expired = await uow.requests.transition(request.id, (Status.OPEN,), Status.EXPIRED, ctx.clock.now())
    if expired is None:
        return Outcome("not_due", request.id)
    await uow.events.add(Event(request.id, EventType.EXPIRED, None, ctx.clock.now()))
    await refresh_card(ctx, uow, expired)
    await uow.outbox.add(
        Send(request.chat_id, ctx.texts.text("expired_notice", id=request.id), reply_to_message_id=request.message_id),
        request_id=request.id,
    )
    return Outcome("expired", request.id)


async def _tell_secretaries(ctx: Context, uow: UnitOfWork, request: Request, key: str) -> None:
    if request.community is None:
        return
    text = ctx.texts.escalation(request, key)
    for secretary in ctx.policy.grid.secretaries_of(request.community):
        await uow.outbox.add(Send(secretary, text), request_id=request.id)


async def reschedule(ctx: Context, uow: UnitOfWork, request: Request) -> None:
    """After a claim or release the next step changes (follow-up instead of escalation, or back)."""
    request.next_due_at = next_due(ctx.policy.ladder, request)
    await uow.requests.save_progress(request)


async def sweep(
    ctx: Context, uow_factory: UnitOfWorkFactory, batch: int = 50, max_batches: int = 20
) -> list[Outcome]:
    """Advance every request whose timer is due; each batch in one transaction that locks its rows.

    Bounded, so one sweep never monopolises the loop; what is left waits for the next sweep.
    A request that cannot advance (it raises) rolls its batch back and is left out for the rest of
    this sweep, so that it cannot hold up every other timer: it is always first in the due order,
    and retrying the same batch would fail on it forever. It is tried again at the next sweep.
    An error outside any one request (the database is down) ends the sweep for the caller."""
    outcomes: list[Outcome] = []
    stuck: set[int] = set()
    for _ in range(max_batches):
        culprit: int | None = None
        try:
            async with uow_factory() as uow:
                # Over-fetch by the stuck ones: they are still due and come first.
                found = await uow.requests.due(ctx.clock.now(), batch + len(stuck))
                done: list[Outcome] = []
                for request in [r for r in found if r.id not in stuck][:batch]:
                    culprit = request.id
                    done.append(await advance(ctx, uow, request))
                culprit = None
                await uow.commit()
        except Exception:
            if culprit is None:
                raise
            log.exception("ladder: request #%s cannot advance; it is skipped until the next sweep", culprit)
            stuck.add(culprit)
            outcomes.append(Outcome("failed", culprit))
            continue
        outcomes.extend(done)
        if len(found) < batch + len(stuck):
            break
    return outcomes
