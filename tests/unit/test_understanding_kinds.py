"""Kinds, emergencies, urgency and head counts, one table each."""

from __future__ import annotations

import pytest

from handlers.domain import Kind
from handlers.understanding import Reading, read_message


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("要下雨啦,谁能帮我收下被子!", Kind.REQUEST),
        ("不知道有没有人方便帮我带瓶酱油", Kind.REQUEST),
        ("我妈一个人在家,能不能请邻居去看看她", Kind.REQUEST),
        ("could someone walk my dad's dog tomorrow?", Kind.REQUEST),
        ("我今天在家,需要买菜的找我", Kind.OFFER),
        ("I have a spare wheelchair if anyone needs one", Kind.OFFER),
        ("我来!", Kind.CLAIM),
        ("on my way", Kind.CLAIM),
        ("交给我吧", Kind.CLAIM),
        ("收好了,放楼梯口了", Kind.DONE),
        ("done, the dog is back home", Kind.DONE),
        ("不用了,我老公回去收了", Kind.CANCEL),
        ("never mind", Kind.CANCEL),
        ("已经解决了,我自己修好了", Kind.CANCEL),
        ("东门路灯坏了", Kind.CONCERN),
        ("the elevator in building 6 is broken again", Kind.CONCERN),
        ("楼上每天半夜装修,太吵了", Kind.CONCERN),
        ("大家早上好", Kind.CHAT),
        ("what time does the market open?", Kind.CHAT),
        ("出售九成新婴儿车,有意私聊", Kind.CHAT),
        ("Thanks for organizing yesterday's BBQ!", Kind.CHAT),
        ("刚才的雨好大啊", Kind.CHAT),
        ("上次我爸摔倒,多亏邻居帮忙送医院", Kind.CHAT),
        ("", Kind.CHAT),
        ("👍👍👍", Kind.CHAT),
    ],
)
def test_kinds(text: str, kind: Kind) -> None:
    assert read_message(text).kind is kind


@pytest.mark.parametrize(
    "text",
    [
        "紧急!我爸在6号楼楼下摔倒了起不来",
        "18号楼有位老人晕倒在电梯口",
        "我老公突然胸口疼,喘不上气",
        "楼道里有很大的煤气味",
        "我家煤气好像没关,味道很大",
        "7号楼5楼着火了",
        "楼道里冒烟了",
        "有人被困在电梯里",
        "My wife just collapsed and isn't responding",
        "old man fainted at the bus stop",
        "my dad is having chest pains",
        "smoke coming out of a flat on the 3rd floor",
        "I smell gas in the stairwell",
        "someone is trapped in the lift",
        "he fell and can't get up",
        "my baby isn't breathing",
    ],
)
def test_emergencies(text: str) -> None:
    reading = read_message(text)
    assert (reading.kind, reading.emergency, reading.urgent) == (Kind.REQUEST, True, True)


@pytest.mark.parametrize(
    "text",
    [
        "消防通道被车堵了,万一着火怎么办",  # hypothetical fire: a concern
        "fire drill at 3pm today",
        "Someone keeps parking in the fire lane",
        "明天上午有消防安全讲座",
        "温馨提示:燃气公司上门安检",
        "need a lift to the station, happy to pay for gas",
        "去年着火那次,幸亏大家及时发现",  # a story
        "我爸摔了一跤,膝盖有点肿,有没有医生看看",  # a fall, but up and about
        "有没有会量血压的邻居,我妈头有点晕",
    ],
)
def test_not_emergencies(text: str) -> None:
    assert read_message(text).emergency is False


@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("急需一台轮椅,老人明天出院", True),
        ("外卖马上到了,谁帮我拿一下", True),
        ("please bring in my laundry, rain is coming", True),
        ("can someone grab my parcel asap", True),
        ("谁能帮我喂一下猫,下周出差", False),
        ("不急,周末谁有空帮我修下门锁", False),
        ("谁家有梯子借用一下,用完马上还", False),
    ],
)
def test_urgency(text: str, urgent: bool) -> None:
    assert read_message(text).urgent is urgent


def test_urgent_and_emergency_only_on_requests() -> None:
    reading = read_message("我马上到!")
    assert reading.kind is Kind.CLAIM
    assert (reading.urgent, reading.emergency) == (False, False)


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("需要两个人帮忙搬", 2),
        ("周六搬家,需要两个壮劳力帮忙搬冰箱", 2),
        ("need 3 people to move a piano", 3),
        ("need 2 strong people to help carry a sofa", 2),
        ("需要三个人帮忙抬沙发", 3),
        ("谁能帮我收下被子", 1),
        ("我爸一个人在家,谁去看看", 1),
    ],
)
def test_people_needed(text: str, people: int) -> None:
    assert read_message(text).people_needed == people


def test_reading_label_is_json_ready() -> None:
    reading = read_message("要下雨啦,198号楼谁家有人在,请帮我收下被子!")
    assert isinstance(reading, Reading)
    assert reading.as_label() == {
        "kind": "request",
        "category": "laundry",
        "building": "198",
        "urgent": True,
        "emergency": False,
    }
    assert type(reading.as_label()["kind"]) is str
    assert reading.cues, "a reading explains itself"


def test_deterministic_and_safe_on_odd_input() -> None:
    texts = ["x" * 1_000_000, "\x00\ufeff", "😀" * 5000, "１２３４５６", "   "]
    for text in texts:
        assert read_message(text) == read_message(text)
