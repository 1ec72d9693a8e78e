"""A forwarded message read as a request: the card says it was forwarded, the forwarder is asked."""

from __future__ import annotations

from dataclasses import replace

import pytest

from handlers.domain import Status
from tests.unit.core_helpers import REQUESTER, World, sends
from tests.unit.test_render import renderer, request

QUILT = "要下雨啦,198号楼谁家有人在,请帮我收下被子!"


@pytest.mark.asyncio
async def test_the_forwarder_is_the_requester_and_the_author_is_kept() -> None:
    w = World()
    mark = w.mark()
    message = replace(w.message(REQUESTER, QUILT), forwarded_from="张奶奶")
    outcome = await w.core.handle(message)
    assert outcome.name == "posted" and outcome.request_id is not None
    stored = w.request(outcome.request_id)
    assert (stored.requester_id, stored.forwarded_from, stored.status) == (REQUESTER, "张奶奶", Status.OPEN)
    assert sends(w.since(mark))  # its card


@pytest.mark.parametrize("locale", ["zh", "en"])
def test_the_card_and_the_call_say_who_forwarded_it_from_whom(locale: str) -> None:
    texts = renderer(locale)
    forwarded = request(requester_name="小李", forwarded_from="张<奶奶>")
    card, _ = texts.card(forwarded, [])
    call, _ = texts.call(forwarded)
    for text in (card, call):
        assert "小李" in text and "张&lt;奶奶&gt;" in text and "↪️" in text
    hidden, _ = texts.card(replace(forwarded, forwarded_from=""), [])
    assert "↪️" in hidden and "小李" in hidden
    plain, _ = texts.card(replace(forwarded, forwarded_from=None), [])
    assert "↪️" not in plain
