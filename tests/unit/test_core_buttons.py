"""Forged, stale and garbage button presses: each acts on nothing and is answered "expired"."""

from __future__ import annotations

import pytest

from handlers.domain import Request, Status
from handlers.intake.buttons import Verb, button_data
from tests.unit.core_helpers import (
    CHAT,
    FAR_CHAT,
    NEIGHBOUR,
    OTHER_CHAT,
    REQUESTER,
    UNCONFIGURED_CHAT,
    World,
    answers,
    key_of,
)

pytestmark = pytest.mark.asyncio

CLAIMER = 3001
BYSTANDER = 3003  # a volunteer nobody called


async def posted() -> tuple[World, Request]:
    w = World()
    await w.volunteer(CLAIMER, "198 电工")
    return w, await w.post()


async def expired(w: World, sender: int, data: str, chat: int) -> None:
    """The press changes nothing and gets exactly one answer: "this button has expired"."""
    before = [(r.id, r.status, r.claimers) for r in w.requests()]
    mark = w.mark()
    outcome = await w.core.handle(w.button(sender, data, chat=chat))
    assert outcome.name == "unknown_button"
    assert [key_of(a) for a in answers(w.since(mark))] == ["button_unknown"]
    assert [a for a in w.since(mark) if a not in answers(w.since(mark))] == []
    assert [(r.id, r.status, r.claimers) for r in w.requests()] == before


@pytest.mark.parametrize("chat", [OTHER_CHAT, FAR_CHAT, UNCONFIGURED_CHAT, 0])
async def test_a_request_button_pressed_in_another_chat_claims_nothing(chat: int) -> None:
    w, request = await posted()
    await expired(w, NEIGHBOUR, button_data(Verb.CLAIM, request.id), chat)
    await expired(w, REQUESTER, button_data(Verb.CANCEL, request.id), chat)


async def test_in_private_only_ones_own_calls_and_requests_act() -> None:
    w, request = await posted()
    # Called for it: the press in the private call claims it.
    assert CLAIMER in w.called(request.id)
    await expired(w, BYSTANDER, button_data(Verb.CLAIM, request.id), BYSTANDER)
    outcome = await w.press(CLAIMER, Verb.CLAIM, request.id, chat=CLAIMER)
    assert outcome.name == "claimed"
    # The requester in private may close their own request.
    assert (await w.press(REQUESTER, Verb.DONE, request.id, chat=REQUESTER)).name != "unknown_button"


async def test_a_finished_request_is_an_expired_button() -> None:
    w, request = await posted()
    assert (await w.press(REQUESTER, Verb.CANCEL, request.id)).name == "cancelled"
    assert w.request(request.id).status is Status.CANCELLED
    for verb in Verb:
        await expired(w, CLAIMER, button_data(verb, request.id), CHAT)


@pytest.mark.parametrize(
    "data",
    [
        "", ":", "c", "c:", "c:0", "c:-1", "c:+1", "c: 1", "c:1 ", "c:1.0", "c:²", "c:٣", "c:1_000",
        f"c:{2**31}", f"c:{10**30}", "c:99999", "z:1", "s:", f"s:{2**63}", "s:²", "reg:garbage",
        "\x00", "c:1\x00x", "\x00c:1x", "💥" * 30, "a" * 64,
    ],
)
async def test_garbage_callback_data_is_answered_expired(data: str) -> None:
    w, _ = await posted()
    await expired(w, NEIGHBOUR, data, CHAT)
