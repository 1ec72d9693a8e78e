"""Every handler, fuzzed through the core over the fakes, with the real HTML renderer.

Any message from anyone in any chat, any button data, any slash command with any arguments, edits,
replies, channel posts and empty service messages: nothing raises, every press is answered, every
outgoing text is valid Telegram HTML with the users' words escaped, and the requests stay whole.
"""

from __future__ import annotations

import asyncio
import copy
import functools
from dataclasses import dataclass, replace

from hypothesis import example, given
from hypothesis import strategies as st

from bot.fakeapi.markup import MAX_CALLBACK_DATA, MAX_TEXT, strip_html, utf16_len
from bot.render import HtmlRenderer
from bot.texts.fmt import plain_text
from handlers.chat import AnswerButton, ButtonPress, ChatEvent, ChatMessage, Delete, Sender
from handlers.context import Context
from handlers.core import Core
from handlers.domain import Status
from handlers.domain.privacy import REMOVED
from handlers.intake.buttons import Verb
from handlers.table import SLASH
from handlers.understanding import read_message
from tests.fakes import FakeStore, FakeUnitOfWorkFactory
from tests.fuzzing import CANARIES, hostile_text
from tests.unit.core_helpers import (
    BOT_USERNAME,
    CHAT,
    FAR_CHAT,
    NEIGHBOUR,
    OTHER_CHAT,
    REQUESTER,
    SECRETARY,
    START,
    UNCONFIGURED_CHAT,
    World,
    policy,
)

HELPER, SHY = 3001, 3002
CHANNEL = -1003333  # a channel: its posts come from the channel itself


async def _seed() -> FakeStore:
    """Requests in every state, in two chats, their cards sent: what a pressed button may name."""
    w = World()
    await w.volunteer(HELPER, "198 电工")
    await w.volunteer(SHY, "198 做饭", started=False)
    await w.post()
    taken = await w.post("197号楼有没有人能帮忙修下水管?电话13812345678")
    await w.press(HELPER, Verb.CLAIM, taken.id)
    done = await w.post("要下雨啦,198号楼1502的张奶奶请帮我收下被子!", sender=NEIGHBOUR)
    await w.press(HELPER, Verb.CLAIM, done.id)
    await w.press(HELPER, Verb.DONE, done.id)
    await w.say(REQUESTER, "5号楼有没有人能帮忙修下水管?", chat=OTHER_CHAT)
    await w.deliver()
    return w.store


@functools.cache
def seed() -> FakeStore:
    return asyncio.run(_seed())


def _ids(*, requests: bool = False) -> st.SearchStrategy[int]:
    """Ids of requests (or of their messages: cards, calls), and ids nobody made."""
    known = sorted(seed().requests) if requests else [m for _, m in seed().request_messages]
    odd = st.sampled_from([0, -1, 2**31, 2**63, 10**30]) | st.integers(-(2**70), 2**70)
    return st.sampled_from(known) | st.sampled_from(known) | odd


USERS = st.sampled_from([REQUESTER, NEIGHBOUR, HELPER, SHY, SECRETARY]) | st.integers(-(2**63), 2**63 - 1)
GROUPS = st.sampled_from([CHAT, OTHER_CHAT, FAR_CHAT, UNCONFIGURED_CHAT, CHANNEL])
ARGS = st.lists(
    st.sampled_from(["198", "5", "off", "on", "yes", "any", "18:00-22:00", "22-7", "电工", "week", "0", "99999999999"])
    | st.text(max_size=12).map(lambda t: t.replace(" ", "")) | st.integers(-(2**64), 2**64).map(str),
    max_size=4,
)


REPLIES = st.sampled_from(["我来", "我马上到", "收好了", "不用了", "on my way", "done, thanks", "never mind", "谢谢"])
ASKS = st.builds(
    lambda before, after: f"{before}要下雨啦,198号楼谁家有人在,请帮我收下被子!{after}",
    hostile_text(long=False), hostile_text(long=False),
)


@st.composite
def slash(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(sorted(SLASH)) | st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8))
    to = draw(st.sampled_from(["", f"@{BOT_USERNAME}", "@otherbot", "@"]))
    return f"/{name}{to} " + " ".join(draw(ARGS))


@st.composite
def message(draw: st.DrawFn) -> ChatMessage:
    user = draw(USERS)
    private = draw(st.booleans())
    chat = user if private else draw(GROUPS)
    if chat == CHANNEL:
        user = CHANNEL  # a channel post is signed by the channel
    name = draw(st.sampled_from(["张奶奶", "", "GroupAnonymousBot", "some_bot"]) | hostile_text(long=False))
    return ChatMessage(
        update_id=0, chat_id=chat, is_private=private, message_id=draw(_ids()),
        sender=Sender(user, name, draw(st.none() | st.sampled_from(["x_bot", "li", ""]))),
        text=draw(st.sampled_from(["", " "]) | slash() | hostile_text() | REPLIES | ASKS),  # "": a service message
        at=START, reply_to_message_id=draw(st.none() | _ids()), edited=draw(st.sampled_from([False] * 4 + [True])),
        reply_to_text=draw(st.none() | hostile_text(long=False)), reply_to_user_id=draw(st.none() | USERS),
    )


@st.composite
def press(draw: st.DrawFn) -> ButtonPress:
    user = draw(USERS)
    chat = user if draw(st.booleans()) else draw(GROUPS)
    verb = draw(st.sampled_from([v.value for v in Verb] * 3 + ["s", "v", "", "c "]))
    forged = st.builds(lambda i: f"{verb}:{i}", _ids(requests=True))
    data = draw(
        forged | forged | forged
        | st.text(max_size=80)
        | st.binary(max_size=70).map(lambda b: b.decode("latin-1"))
        | st.sampled_from(["v:d:000000:0:0:198", "v:s:ffffff:ffffffff:f:198", "s:1", "s:-1", "c:1:2", "c:", ":"])
    )
    return ButtonPress(0, draw(st.text(min_size=1, max_size=20)), chat, draw(_ids()), Sender(user, "u"), data, START)


EVENTS = st.lists(message() | press(), min_size=1, max_size=4)


@dataclass
class Run:
    store: FakeStore
    outcomes: list[tuple[ChatEvent, str]]


async def _run(events: list[ChatEvent], locale: str, seeded: FakeStore) -> Run:
    world = World()
    ctx = Context(
        policy=policy(), texts=HtmlRenderer(locale, policy().timezone, "120", BOT_USERNAME, clock=world.clock.now),
        clock=world.clock, read=read_message, emergency_number="120", bot_username=BOT_USERNAME,
    )
    factory = FakeUnitOfWorkFactory(copy.deepcopy(seeded))
    core = Core(ctx, factory)
    outcomes = []
    for update_id, event in enumerate(events, start=1000):
        event = replace(event, update_id=update_id)
        outcomes.append((event, (await core.handle(event)).name))
    return Run(factory.store, outcomes)


def check_outbox(run: Run) -> None:
    answered = {o.action.callback_id for o in run.store.outbox if isinstance(o.action, AnswerButton)}
    for event, _ in run.outcomes:
        if isinstance(event, ButtonPress):
            assert event.callback_id in answered, f"press {event.data!r} left unanswered"
    for row in run.store.outbox:
        action = row.action
        if isinstance(action, Delete):
            continue
        if isinstance(action, AnswerButton):
            assert len(plain_text(action.text) or "") <= 200
            continue
        lowered = action.text.lower()
        assert not [c for c in CANARIES if c in lowered], f"unescaped user text in {action.text[:300]!r}"
        plain = strip_html(action.text)  # raises like the Bot API on bad HTML
        assert plain.strip() and utf16_len(plain) <= MAX_TEXT and len(action.text) <= MAX_TEXT
        for button_row in getattr(action, "keyboard", ()):
            assert all(0 < len(b.data.encode()) <= MAX_CALLBACK_DATA and b.text for b in button_row)


def check_requests(run: Run) -> None:
    before = seed()
    assert set(before.requests) <= set(run.store.requests), "a request was lost"
    for request_id, request in run.store.requests.items():
        active = [c for c in run.store.claims if c.request_id == request_id and c.status == "active"]
        assert len({c.user_id for c in active}) == len(active), "someone holds a request twice"
        if request.status is Status.CLAIMED:
            assert active and request.claimed_at is not None
        elif request.status is Status.OPEN:
            assert len(active) < request.people_needed and request.closed_at is None
        else:
            assert not active and request.closed_at is not None
        old = before.requests.get(request_id)
        if old is not None:
            assert (request.chat_id, request.message_id, request.requester_id) == (
                old.chat_id, old.message_id, old.requester_id,
            )
            assert request.text in (old.text, REMOVED)


def _ask(message_id: int) -> ChatMessage:
    words = "要下雨啦,198号楼谁家有人在,请帮我收下被子!"
    return ChatMessage(0, CHAT, False, message_id, Sender(REQUESTER, "张奶奶"), words, START)


@given(EVENTS, st.sampled_from(["zh", "en"]))
# Found by this test (long mode): one message in two updates raised on the (chat, message) key.
@example([_ask(9002), _ask(9002)], "zh")
@example([ButtonPress(0, "cb", CHAT, 1, Sender(HELPER, "u"), "c:" + "9" * 40, START)], "zh")
@example([ButtonPress(0, "cb", CHAT, 1, Sender(HELPER, "u"), "v:d:000000:0:0:198", START)], "en")
def test_any_events_through_the_core(events: list[ChatEvent], locale: str) -> None:
    run = asyncio.run(_run(events, locale, seed()))
    check_outbox(run)
    check_requests(run)
