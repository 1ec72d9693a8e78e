"""A request's rules as pure functions: no storage, no clock but the one passed in."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from handlers.domain import EventType, Request, Ring, Status
from handlers.domain.timing import EscalateTo, ExpireNow, FollowUpStep, due_step, next_due
from handlers.domain.transitions import (
    cancel_refusal,
    cancels_as_release,
    claim_refusal,
    claimed,
    complete_refusal,
    escalated,
    followed_up,
    posted,
    released,
)
from tests.unit.core_helpers import LADDER

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
REQUESTER, HELPER, BYSTANDER = 1, 2, 3


def request(**changes: Any) -> Request:
    base = Request(
        id=7, chat_id=-100, message_id=70, requester_id=REQUESTER, requester_name="张奶奶", text="收被子",
        category="laundry", building="198", compound="图强小区", community="深田社区", urgent=False,
        emergency=False, status=Status.OPEN, posted_at=T0,
    )
    return replace(base, **changes)


def test_a_new_request_is_open_in_the_building_ring_with_its_first_timer_set() -> None:
    change = posted(request(id=0), LADDER, ["下雨"])
    assert (change.request.status, change.request.ring) == (Status.OPEN, int(Ring.BUILDING))
    assert change.request.next_due_at == T0 + LADDER.compound_after
    [event] = change.events
    assert (event.type, event.actor_id, event.detail) == (EventType.POSTED, REQUESTER, {"cues": ["下雨"]})


def test_an_emergency_starts_in_the_community_ring_on_the_urgent_clock() -> None:
    change = posted(request(id=0, emergency=True, urgent=True), LADDER, [])
    assert change.request.ring == int(Ring.COMMUNITY)
    assert change.request.next_due_at == T0 + LADDER.secretaries_after * LADDER.urgent_factor


def test_who_may_claim_complete_and_cancel() -> None:
    held = request(status=Status.CLAIMED, claimers=(HELPER,))
    assert claim_refusal(held, REQUESTER) == "own_request"
    assert claim_refusal(held, HELPER) is None
    assert complete_refusal(held, BYSTANDER) == "not_yours"
    assert complete_refusal(held, HELPER) is None and complete_refusal(held, REQUESTER) is None
    assert cancels_as_release(held, HELPER) is True and cancels_as_release(held, REQUESTER) is False
    assert cancel_refusal(held, BYSTANDER) == "only_requester_cancels"
    assert cancel_refusal(held, REQUESTER) is None


def test_a_claim_turns_the_timer_into_a_follow_up_from_the_claim() -> None:
    taken = request(status=Status.CLAIMED, claimers=(HELPER,), last_claim_at=T0 + timedelta(hours=1))
    change = claimed(taken, LADDER, HELPER, T0 + timedelta(hours=1), by_button=True)
    assert change.request.next_due_at == T0 + timedelta(hours=1) + LADDER.follow_up_after
    [event] = change.events
    assert (event.type, event.actor_id, event.detail) == (EventType.CLAIMED, HELPER, {"via": "button"})


def test_a_release_clears_the_reminders_and_times_the_open_ladder_again() -> None:
    back = request(status=Status.OPEN, followups=1, ring=1)
    change = released(back, LADDER, HELPER, T0 + timedelta(hours=3), by_button=False)
    assert change.request.followups == 0
    assert change.request.next_due_at == T0 + LADDER.community_after
    assert [e.detail for e in change.events] == [{"via": "message"}]


def test_the_requester_is_told_we_still_look_only_once() -> None:
    first = escalated(request(ring=2), Ring.SECRETARY, [21], T0)
    assert first.request.requester_told_waiting is True and first.request.ring == int(Ring.SECRETARY)
    again = escalated(first.request, Ring.SECRETARY, [], T0)
    assert again.request.requester_told_waiting is True
    assert [e.detail for e in first.events] == [{"ring": 3, "called": [21]}]


def test_a_follow_up_asks_first_and_reports_overdue_second() -> None:
    held = request(status=Status.CLAIMED, claimers=(HELPER,))
    assert [e.type for e in followed_up(held, 1, T0).events] == [EventType.FOLLOW_UP]
    assert [e.type for e in followed_up(held, 2, T0).events] == [EventType.REPORTED_OVERDUE]
    assert followed_up(held, 2, T0).request.followups == 2


@pytest.mark.parametrize(
    ("elapsed", "step"),
    [
        (LADDER.compound_after - timedelta(seconds=1), None),
        (LADDER.compound_after, EscalateTo(Ring.COMPOUND)),
        (LADDER.secretaries_after, EscalateTo(Ring.SECRETARY)),  # after downtime: straight to the latest
        (LADDER.expire_after, ExpireNow()),
    ],
)
def test_the_step_due_for_an_open_request(elapsed: timedelta, step: object) -> None:
    assert due_step(LADDER, request(), T0 + elapsed) == step


def test_the_step_due_for_a_claimed_request_counts_from_the_claim() -> None:
    claim = T0 + timedelta(hours=5)
    held = request(status=Status.CLAIMED, claimers=(HELPER,), claimed_at=claim, last_claim_at=claim)
    assert due_step(LADDER, held, claim + LADDER.follow_up_after - timedelta(seconds=1)) is None
    assert due_step(LADDER, held, claim + LADDER.follow_up_after) == FollowUpStep(1)
    assert due_step(LADDER, replace(held, followups=2), claim + LADDER.expire_after) is None
    assert next_due(LADDER, replace(held, followups=2)) is None


def test_a_closed_request_has_no_timer() -> None:
    for status in (Status.DONE, Status.CANCELLED, Status.EXPIRED):
        assert next_due(LADDER, request(status=status)) is None
        assert due_step(LADDER, request(status=status), T0 + timedelta(days=9)) is None
