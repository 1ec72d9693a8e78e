"""The escalation ladder's clock: when a request's next step is due, and which step is due now.

Open:    building → (compound_after) compound → (community_after) community
         → (secretaries_after) secretaries + requester told → (expire_after) expired.
Claimed: (follow_up_after) ask the claimer → (overdue_after) tell the secretaries.
Open steps count from posting, claimed steps from the claim (a request claimed late is not
"overdue" the moment it is taken); all shrink by urgent_factor for urgent requests. A request that
is found due takes the step that is due *now* (after downtime it jumps straight to the latest
step rather than replaying each one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from handlers.domain.policy import Ladder
from handlers.domain.request import Request, Ring, Status

EXPIRES = 4  # the open step after the secretaries: the request expires


def open_steps(ladder: Ladder) -> tuple[timedelta, ...]:
    """Elapsed time at which an open request reaches ring 1, 2, 3 and then expires (index 4)."""
    return (ladder.compound_after, ladder.community_after, ladder.secretaries_after, ladder.expire_after)


def claimed_steps(ladder: Ladder) -> tuple[timedelta, ...]:
    return (ladder.follow_up_after, ladder.overdue_after)


def counts_from(request: Request) -> datetime:
    """The moment the current ladder counts from: the claim while claimed, else the posting."""
    if request.status is Status.CLAIMED:
        # After a release and a new claim, the new claimer gets the full time before a reminder.
        return request.last_claim_at or request.claimed_at or request.posted_at
    return request.posted_at


def next_due(ladder: Ladder, request: Request) -> datetime | None:
    if request.status is Status.OPEN:
        steps = open_steps(ladder)
        level = min(request.ring, len(steps) - 1)
    elif request.status is Status.CLAIMED:
        steps = claimed_steps(ladder)
        if request.followups >= len(steps):
            return None
        level = request.followups
    else:
        return None
    return counts_from(request) + ladder.scaled(steps[level], request.urgent)


def reached(ladder: Ladder, steps: tuple[timedelta, ...], request: Request, now: datetime) -> int:
    """How many steps of `steps` have passed by `now`."""
    elapsed = now - counts_from(request)
    return sum(1 for step in steps if elapsed >= ladder.scaled(step, request.urgent))


@dataclass(frozen=True, slots=True)
class EscalateTo:
    ring: Ring


@dataclass(frozen=True, slots=True)
class ExpireNow:
    pass


@dataclass(frozen=True, slots=True)
class FollowUpStep:
    reached: int  # 1: ask the claimers; 2: tell the secretaries it is overdue


DueStep = EscalateTo | ExpireNow | FollowUpStep


def due_step(ladder: Ladder, request: Request, now: datetime) -> DueStep | None:
    """The one step the ladder takes for `request` at `now`; None when nothing new is due."""
    if request.status is Status.OPEN:
        steps = reached(ladder, open_steps(ladder), request, now)
        if steps >= EXPIRES:
            return ExpireNow()
        return EscalateTo(Ring(steps)) if steps > request.ring else None
    if request.status is Status.CLAIMED:
        steps = reached(ladder, claimed_steps(ladder), request, now)
        return FollowUpStep(steps) if steps > request.followups else None
    return None
