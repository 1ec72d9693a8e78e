"""The secretaries' daily digest: each community's open requests, to its own secretaries only."""

from __future__ import annotations

from handlers.digest import send_digests
from handlers.intake.buttons import Verb
from tests.unit.core_helpers import FAR_CHAT, OTHER_SECRETARY, SECRETARY, World, sends


async def test_each_community_hears_of_its_own_open_requests() -> None:
    w = World()
    await w.volunteer(3001, "198 电工")
    quilt = await w.post()
    done = await w.post("197号楼谁能帮我取个快递?")
    await w.press(3001, Verb.CLAIM, done.id)
    await w.press(3001, Verb.DONE, done.id)
    mark = w.mark()

    outcome = await send_digests(w.ctx, w.factory)

    digests = sends(w.since(mark))
    assert [s.chat_id for s in digests] == [SECRETARY], "the other community has nothing open: no message"
    assert digests[0].text.startswith("digest|")
    assert digests[0].text == f"digest|深田社区|{quilt.id}", "only what is still open"
    assert outcome.detail == {"sent": 1}


async def test_a_quiet_day_sends_nothing() -> None:
    w = World()
    mark = w.mark()
    assert (await send_digests(w.ctx, w.factory)).detail == {"sent": 0}
    assert w.since(mark) == []


async def test_the_far_community_gets_its_own_digest() -> None:
    w = World()
    await w.say(2001, "1号楼有人能帮忙收下被子吗?要下雨了", chat=FAR_CHAT)
    mark = w.mark()
    await send_digests(w.ctx, w.factory)
    assert [s.chat_id for s in sends(w.since(mark))] == [OTHER_SECRETARY]
