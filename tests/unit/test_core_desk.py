"""The desk through Core.handle over the fakes: /setup (buttons and typed), /secretary, consent to
be named and the published results, and the morning digest's concerns and visits."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers.chat import Edit, Outcome, Send
from handlers.desk.grid import grid_in_effect
from handlers.digest import publish, send_digests
from handlers.domain import Concern
from handlers.domain.setup import SetupState, encode, ref_of
from handlers.intake.buttons import Verb
from tests.unit.core_helpers import (
    CHAT,
    COMMUNITY,
    COMPOUND,
    GRID,
    OTHER_SECRETARY,
    SECRETARY,
    UNCONFIGURED_CHAT,
    World,
    key_of,
    sends,
)

NEWCOMER = 2002


async def _press(w: World, user: int, step: str, state: SetupState) -> Outcome:
    return await w.core.handle(w.button(user, encode(step, state), chat=UNCONFIGURED_CHAT))


async def test_setup_binds_a_group_with_buttons_and_the_grid_takes_it_at_once() -> None:
    w = World()
    mark = w.mark()
    started = await w.say(SECRETARY, "/setup", chat=UNCONFIGURED_CHAT)
    assert started.name == "setup_started"
    [screen] = sends(w.since(mark), UNCONFIGURED_CHAT)
    assert screen.ref == ref_of(UNCONFIGURED_CHAT) and key_of(screen) == "setup_pick_compound"
    community = GRID.communities[0]
    compound = community.compounds[0]
    assert [row[0].data for row in screen.keyboard] == [
        encode("b", SetupState(community, c, 0)) for c in community.compounds
    ]
    refused = await _press(w, OTHER_SECRETARY, "b", SetupState(community, compound, 0))
    assert refused.name == "refused", "a secretary of another community may not"
    mark = w.mark()
    await _press(w, SECRETARY, "b", SetupState(community, compound, 0b100))
    [toggled] = [a for a in w.since(mark) if isinstance(a, Edit)]
    labels = [b.text for row in toggled.keyboard for b in row]
    assert labels[:3] == ["196", "197", "✓ 198"]

    done = await _press(w, SECRETARY, "d", SetupState(community, compound, 0b100))

    assert done.name == "setup_done"
    [binding] = w.store.bindings.values()
    assert (binding.chat_id, binding.compound, binding.buildings) == (UNCONFIGURED_CHAT, COMPOUND, ("198",))
    bound = w.core.ctx.policy.grid.compound_of_chat(UNCONFIGURED_CHAT)
    assert bound is not None and bound.name == COMPOUND and CHAT in bound.chats
    posted = await w.say(2001, "要下雨啦,198号楼谁家有人在,请帮我收下被子!", chat=UNCONFIGURED_CHAT)
    assert posted.name == "posted", "the bound group is served like a configured one"
    assert (await w.say(SECRETARY, "/setup", chat=UNCONFIGURED_CHAT)).name == "setup_already"


async def test_setup_typed_creates_a_compound_and_survives_a_restart() -> None:
    w = World()
    outcome = await w.say(SECRETARY, "/setup 新村小区 A B 3号楼", chat=UNCONFIGURED_CHAT)
    assert outcome.name == "setup_done" and outcome.detail["buildings"] == ["A", "B", "3"]
    async with w.factory() as uow:
        restarted = await grid_in_effect(uow, GRID)
    compound = restarted.compound_of_chat(UNCONFIGURED_CHAT)
    assert compound is not None and (compound.community, compound.name) == (COMMUNITY, "新村小区")
    assert compound.buildings == ("A", "B", "3")
    assert GRID.compound_of_chat(UNCONFIGURED_CHAT) is None, "config.toml's grid itself is untouched"


async def test_setup_is_refused_politely_to_residents_and_explained_on_bad_input() -> None:
    w = World()
    refused = await w.say(2001, "/setup", chat=UNCONFIGURED_CHAT)
    assert refused.name == "refused" and key_of(Send(0, refused.answer or "")) == "secretary_only"
    assert (await w.say(SECRETARY, "/setup 新村小区", chat=UNCONFIGURED_CHAT)).name == "usage"
    assert (await w.say(SECRETARY, "/setup", private=True)).name == "setup_in_group"
    assert w.store.bindings == {}


async def test_secretaries_add_and_remove_secretaries_and_list_them_privately() -> None:
    w = World()
    await w.say(SECRETARY, "/start", private=True)
    await w.say(NEWCOMER, "/start", private=True)
    added = await w.say(SECRETARY, f"/secretary add {NEWCOMER}", private=True)
    assert added.name == "secretary_added"
    assert w.core.ctx.policy.grid.is_secretary(NEWCOMER, COMMUNITY)
    assert (await w.say(NEWCOMER, "/roster", private=True)).name == "roster_listed", "a secretary now"
    assert (await w.say(SECRETARY, f"/secretary add @user{NEWCOMER}", private=True)).name == "secretary_already"
    mark = w.mark()
    listed = await w.say(SECRETARY, "/secretary")
    assert listed.name == "secretaries_listed"
    assert [key_of(s) for s in sends(w.since(mark), CHAT)] == ["desk_sent_privately"]
    [private] = sends(w.since(mark), SECRETARY)
    assert "secretary_line" in private.text and str(NEWCOMER) in private.text

    in_config = await w.say(NEWCOMER, f"/secretary remove {SECRETARY}", private=True)
    assert key_of(Send(0, in_config.answer or "")) == "secretary_in_config"
    removed = await w.say(SECRETARY, f"/secretary remove {NEWCOMER}", private=True)
    assert removed.name == "secretary_removed"
    assert not w.core.ctx.policy.grid.is_secretary(NEWCOMER)
    assert (await w.say(NEWCOMER, "/secretary add 5", private=True)).name == "refused"
    assert (await w.say(SECRETARY, "/secretary add", private=True)).name == "usage"


async def test_the_month_is_published_with_thanks_to_those_who_agreed_to_be_named() -> None:
    w = World()
    await w.volunteer(3001, "198 跑腿")
    await w.volunteer(3002, "198 电工")
    assert (await w.say(3001, "/volunteer name on", private=True)).name == "volunteer_named"
    assert (await w.say(3001, "/volunteer name", private=True)).name == "usage"
    for helper in (3001, 3002):
        request = await w.post()
        await w.press(helper, Verb.CLAIM, request.id)
        await w.press(helper, Verb.DONE, request.id)
    await w.post("197号楼谁能帮我取个快递?")
    w.clock.set(datetime(2025, 7, 1, 2, 0, tzinfo=UTC))
    mark = w.mark()

    outcome = await publish(w.ctx, w.factory)

    assert outcome.detail["chats"] == [CHAT], "a compound with nothing that month hears nothing"
    [post] = sends(w.since(mark), CHAT)
    assert "results_month|done=2,month=6,total=3" in post.text
    assert "names=['u3001']" in post.text and "u3002" not in post.text


async def test_the_digest_tells_of_concerns_and_visits_due_and_nothing_when_quiet() -> None:
    w = World()
    assert (await send_digests(w.ctx, w.factory)).detail == {"sent": 0}
    await w.volunteer(3001, "198 陪护")
    roster = await w.say(SECRETARY, "/roster add 198 3001 张奶奶", private=True)
    entry_id = roster.detail["id"]
    await w.say(2001, "/home 198")  # a concern's community is its author's when the chat has no request
    async with w.factory() as uow:
        await uow.lists.add_concern(Concern(CHAT, 2001, "电梯又坏了", "repair", "198", w.clock.now()))
        await uow.commit()
    mark = w.mark()

    outcome = await send_digests(w.ctx, w.factory)

    assert outcome.detail == {"sent": 1}
    [digest] = sends(w.since(mark), SECRETARY)
    assert digest.text == f"digest|{COMMUNITY}||concerns=1|visits={entry_id}"
