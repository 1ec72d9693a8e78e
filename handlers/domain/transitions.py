"""A request's rules: who may change it, what each change does to it and what it records.

Pure functions: each takes the request as loaded and returns the new state with its events, or
the reason it is refused. Use cases load, call one of these, and save; storage still makes each
change of status one conditional UPDATE, so that two workers racing on a request cannot both win.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from handlers.domain.policy import Ladder
from handlers.domain.request import Event, EventType, Request, Ring, Status
from handlers.domain.timing import next_due

ACTIVE = (Status.OPEN, Status.CLAIMED)


@dataclass(frozen=True, slots=True)
class Change:
    request: Request  # the new state, to save
    events: tuple[Event, ...]


def via(by_button: bool) -> dict[str, object]:
    """How it was done, for the record: a button, or words in the chat."""
    return {"via": "button" if by_button else "message"}


# --- who may ------------------------------------------------------------------------------


def claim_refusal(request: Request, user_id: int) -> str | None:
    return "own_request" if user_id == request.requester_id else None


def complete_refusal(request: Request, user_id: int) -> str | None:
    involved = user_id in request.claimers or user_id == request.requester_id
    return None if involved else "not_yours"


def cancels_as_release(request: Request, user_id: int) -> bool:
    """A claimer who says "can't make it" is giving the request back, not withdrawing it."""
    return user_id != request.requester_id and user_id in request.claimers


def cancel_refusal(request: Request, user_id: int) -> str | None:
    return None if user_id == request.requester_id else "only_requester_cancels"


# --- what changes -------------------------------------------------------------------------


def posted(request: Request, ladder: Ladder, cues: list[str], log: Mapping[str, object] | None = None) -> Change:
    """A new request, before it is stored: an emergency calls the widest ring at once, and its
    first timer is set from the ring it starts in. `log`: more for the posted event (the reader's
    verdict, handlers/domain/reader_log.py)."""
    ring = int(Ring.COMMUNITY) if request.emergency else int(Ring.BUILDING)
    new = replace(request, status=Status.OPEN, ring=ring)
    new = replace(new, next_due_at=next_due(ladder, new))
    detail = {"cues": cues, **(log or {})}
    return Change(new, (Event(0, EventType.POSTED, request.requester_id, request.posted_at, detail),))


def stored(change: Change, request_id: int) -> tuple[Event, ...]:
    """The events of a change whose request got its id only when stored."""
    return tuple(replace(event, request_id=request_id) for event in change.events)


def claimed(request: Request, ladder: Ladder, actor: int, now: datetime, by_button: bool) -> Change:
    """After a won claim (the request as storage returns it): a follow-up instead of an escalation."""
    new = replace(request, next_due_at=next_due(ladder, request))
    return Change(new, (Event(request.id, EventType.CLAIMED, actor, now, via(by_button)),))


def released(request: Request, ladder: Ladder, actor: int, now: datetime, by_button: bool) -> Change:
    """After a claim given back: the next claimer starts with a clean slate of reminders."""
    new = replace(request, followups=0)
    new = replace(new, next_due_at=next_due(ladder, new))
    return Change(new, (Event(request.id, EventType.RELEASED, actor, now, via(by_button)),))


def closed(request: Request, actor: int, now: datetime, by_button: bool, reason: str | None = None) -> Change:
    """After done or cancelled (the request as storage returns it); `reason` for the record."""
    event = EventType.DONE if request.status is Status.DONE else EventType.CANCELLED
    detail = via(by_button) if reason is None else {**via(by_button), "reason": reason}
    return Change(request, (Event(request.id, event, actor, now, detail),))


def declined(request: Request, actor: int, now: datetime) -> Event:
    return Event(request.id, EventType.DECLINED, actor, now)


def escalated(request: Request, ring: Ring, called: list[int], now: datetime) -> Change:
    """Called a wider ring; at the secretaries' ring the requester is told, once, that we still look."""
    tell = ring is Ring.SECRETARY and not request.requester_told_waiting
    new = replace(request, ring=int(ring), requester_told_waiting=request.requester_told_waiting or tell)
    return Change(new, (Event(request.id, EventType.ESCALATED, None, now, {"ring": int(ring), "called": called}),))


def followed_up(request: Request, reached: int, now: datetime) -> Change:
    """Claimed and not done: first ask the claimers (reached 1), then tell the secretaries (2)."""
    new = replace(request, followups=reached)
    if reached == 1:
        event = Event(request.id, EventType.FOLLOW_UP, None, now, {"claimers": list(request.claimers)})
    else:
        event = Event(request.id, EventType.REPORTED_OVERDUE, None, now)
    return Change(new, (event,))


def expired(request: Request, now: datetime) -> Change:
    """After storage moved an open request to expired."""
    return Change(request, (Event(request.id, EventType.EXPIRED, None, now),))


def rescheduled(request: Request, ladder: Ladder) -> Request:
    return replace(request, next_due_at=next_due(ladder, request))
