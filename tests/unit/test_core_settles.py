"""Talk that needs nothing: `Core.settles` says so only where handling would write and say nothing
beyond the update's handled mark, so the inbox may store such an update as handled."""

from __future__ import annotations

import json

import pytest

from handlers.core import CHAT_REFRESH
from handlers.understanding import Reading, read_message
from handlers.understanding.context import ReplyContext
from tests.shared_data import shared_file
from tests.unit.core_helpers import NEIGHBOUR, REQUESTER, UNCONFIGURED_CHAT, World

pytestmark = pytest.mark.asyncio

TALK = "今天天气真好,晚上一起吃饭吗"


async def recorded(world: World) -> None:
    """The group's row written by this process (any handled message does it)."""
    assert (await world.say(NEIGHBOUR, TALK)).name == "chat"


async def test_talk_settles_only_once_its_group_was_recorded_lately() -> None:
    world = World()
    assert not world.core.settles(world.message(NEIGHBOUR, TALK))  # the group's first word: recorded
    await recorded(world)
    assert world.core.settles(world.message(NEIGHBOUR, TALK))
    world.clock.advance(CHAT_REFRESH)
    assert not world.core.settles(world.message(NEIGHBOUR, TALK))  # last_seen_at is due again
    await recorded(world)
    assert world.core.settles(world.message(NEIGHBOUR, TALK))
    await world.core.refresh_grid()  # a chat's place may have changed
    assert not world.core.settles(world.message(NEIGHBOUR, TALK))


async def test_what_might_act_never_settles() -> None:
    world = World()
    await recorded(world)
    request = await world.post()
    for message in (
        world.message(REQUESTER, "要下雨啦,198号楼谁家有人在,请帮我收下被子!"),  # a request
        world.message(NEIGHBOUR, "收好了"),  # a done: maybe about the writer's own request
        world.message(NEIGHBOUR, TALK, reply_to=request.message_id),  # a reply
        world.message(NEIGHBOUR, TALK, edited=True),
        world.message(NEIGHBOUR, "/open"),
        world.message(NEIGHBOUR, "/help@another_bot"),
        world.message(NEIGHBOUR, TALK, private=True),
        world.message(NEIGHBOUR, TALK, chat=UNCONFIGURED_CHAT),
    ):
        assert not world.core.settles(message), message.text


async def test_whatever_settles_the_core_would_have_handled_without_a_trace() -> None:
    # Every labelled message of the shared set, and some talk: where `settles` says yes, the
    # core finds only talk, queues nothing and records no request, suggestion, offer or concern.
    texts = [json.loads(line)["text"] for line in shared_file("data", "messages-dev.jsonl").read_text().splitlines()]
    texts += [TALK, "哈哈哈", "好的", "谢谢大家", "ok", "明天见", "\x00你好\x07"]
    world = World()
    await recorded(world)
    settled = 0
    for text in texts:
        message = world.message(NEIGHBOUR, text)
        if not world.core.settles(message):
            continue
        settled += 1
        before, mark = _state(world), world.mark()
        outcome = await world.core.handle(message)
        assert outcome.name == "chat", (text, outcome)
        assert world.since(mark) == [] and _state(world) == before, text
    assert settled >= 7  # the talk above, at least


def _state(world: World) -> tuple[int, ...]:
    store = world.store
    return (len(store.requests), len(store.suggestions), len(store.offers), len(store.concerns), len(store.events))


async def test_a_message_settles_declined_is_read_once() -> None:
    # `settles` read the request already; the core goes by that reading rather than reading again.
    texts: list[str] = []

    def counting(text: str, context: ReplyContext | None = None) -> Reading:
        texts.append(text)
        return read_message(text, context)

    world = World(read=counting)
    await recorded(world)
    texts.clear()
    ask = "要下雨啦,198号楼谁家有人在,请帮我收下被子!"
    message = world.message(REQUESTER, ask)
    assert not world.core.settles(message)
    assert (await world.core.handle(message)).name == "posted"
    assert len(texts) == 1
    # Another update of the same words (no reading kept for it) is read as before.
    assert (await world.core.handle(world.message(REQUESTER, ask))).name == "posted"
    assert len(texts) == 2
