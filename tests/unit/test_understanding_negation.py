"""Negations, hypotheticals, implied asks and the traditional-character fold."""

from __future__ import annotations

import pytest

from handlers.domain import Kind
from handlers.understanding import read_message
from handlers.understanding.matcher import spellings
from handlers.understanding.normalise import normalise

# A volunteer who withdraws is read as cancel: the bot gives a claimer's request back and
# ignores a bystander's cancel (docs/understanding.md).
WITHDRAWALS = [
    "我去不了了",
    "来不了了",
    "不去了",
    "今天去不了",
    "没空去了",
    "抱歉 我帮不了了",
    "I can't make it",
    "i cant make it sorry",
    "can't come after all",
    "sorry I won't be able to",
    "sorry, wont be able to help today",
    "not gonna make it, stuck in traffic",
]


@pytest.mark.parametrize("text", WITHDRAWALS)
def test_negated_claims_are_never_claims(text: str) -> None:
    reading = read_message(text)
    assert reading.kind is Kind.CANCEL, reading.cues


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("我腿摔了去不了超市 谁能帮我带点菜", "errand"),
        ("I won't be able to get home in time, can someone bring in my washing?", "laundry"),
    ],
)
def test_a_withdrawal_phrase_inside_an_ask_stays_a_request(text: str, category: str) -> None:
    reading = read_message(text)
    assert (reading.kind, reading.category) == (Kind.REQUEST, category), reading.cues


@pytest.mark.parametrize(
    ("text", "kind", "urgent"),
    [
        ("不用帮忙了", Kind.CANCEL, False),
        ("不用帮我拿了 快递员送上来了", Kind.CANCEL, False),
        ("no need anymore", Kind.CANCEL, False),
        ("don't need a hand anymore, thanks", Kind.CANCEL, False),
        ("没人能帮我吗", Kind.REQUEST, False),
        ("谁能帮我取个快递 我不急", Kind.REQUEST, False),
        ("不是很急 谁能帮我修下水龙头", Kind.REQUEST, False),
        ("not urgent, whenever - could someone help me hang a picture?", Kind.REQUEST, False),
        ("no hurry, can I borrow a drill this week?", Kind.REQUEST, False),
        ("如果下雨的话帮我收下衣服", Kind.REQUEST, False),
        ("要是下雨了 谁能帮我收一下被子", Kind.REQUEST, False),
        ("快下雨了 谁能帮我收一下被子", Kind.REQUEST, True),
        ("如果下雨的话 活动改到室内", Kind.CHAT, False),
        ("我不急", Kind.CHAT, False),
        ("not urgent, whenever", Kind.CHAT, False),
    ],
)
def test_negations_and_hypotheticals(text: str, kind: Kind, urgent: bool) -> None:
    reading = read_message(text)
    assert (reading.kind, reading.urgent) == (kind, urgent), reading.cues


@pytest.mark.parametrize(
    ("text", "kind", "category"),
    [
        ("my kitchen light keeps flickering, anyone know what it could be?", Kind.REQUEST, "repair"),
        ("our shower keeps dripping all night, no idea why", Kind.REQUEST, "repair"),
        ("我家水龙头关不紧 一直滴水", Kind.REQUEST, "repair"),
        ("the light in the stairwell keeps flickering", Kind.CONCERN, "facility"),
        ("我家楼下的路灯坏了", Kind.CONCERN, "facility"),
        ("我家刚装修好 欢迎大家来玩", Kind.CHAT, None),
    ],
)
def test_a_fault_at_home_is_a_repair_request_a_shared_one_a_concern(
    text: str, kind: Kind, category: str | None
) -> None:
    reading = read_message(text)
    assert (reading.kind, reading.category) == (kind, category), reading.cues


@pytest.mark.parametrize(
    ("text", "category", "emergency"),
    [
        ("198号楼 被子还在外面 要下雨了!!", "laundry", False),
        ("我女儿一个人在家 我被反锁在门外了 急", "childcare", False),
        ("my mum fell in the bathroom building 7 she can't get up", "medical", True),
        ("my mum fell in the bathroom building 7 she cant get up", "medical", True),
    ],
)
def test_urgent_needs_stated_as_facts_are_requests(text: str, category: str, emergency: bool) -> None:
    reading = read_message(text)
    assert reading.kind is Kind.REQUEST, reading.cues
    assert (reading.category, reading.urgent, reading.emergency) == (category, True, emergency)


@pytest.mark.parametrize(
    "text",
    ["要下雨了 大家出门记得带伞", "我家宝宝快满月了", "我家猫今天又胖了 哈哈"],
)
def test_facts_without_a_need_stay_chat(text: str) -> None:
    assert read_message(text).kind is Kind.CHAT


def test_carrying_heavy_things_upstairs_is_moving() -> None:
    assert read_message("could someone help carry my groceries up to the 6th floor?").category == "moving"
    assert read_message("菜太多提不动了 谁帮我拿上楼").category == "moving"


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("幫我收下衣服", "帮我收下衣服"),
        ("5號樓電梯壞了", "5号楼电梯坏了"),
        ("謝謝 請問誰來", "谢谢 请问谁来"),
        ("醫生 藥 緊急 門 嗎", "医生 药 紧急 门 吗"),
        ("我媽倒在地上 急", "我妈倒在地上 急"),
    ],
)
def test_traditional_characters_fold_to_simplified(traditional: str, simplified: str) -> None:
    assert normalise(traditional) == (simplified, simplified)


def test_the_fold_leaves_simplified_and_ascii_text_alone() -> None:
    text = "快下雨了,3号楼有人在家吗?帮我收一下阳台的衣服 Building B"
    assert normalise(text)[0] == text
    assert normalise("Building B, 5th floor") == ("Building B, 5th floor", "building b, 5th floor")


@pytest.mark.parametrize(
    ("text", "kind", "building", "emergency"),
    [
        ("緊急!我媽在13號樓摔倒了 起不來", Kind.REQUEST, "13", True),
        ("誰能幫我收一下衣服 要下雨了 3棟", Kind.REQUEST, "3", False),
        ("我來 我現在過去", Kind.CLAIM, None, False),
        ("東門的路燈壞了", Kind.CONCERN, None, False),
    ],
)
def test_traditional_messages_read_like_simplified_ones(
    text: str, kind: Kind, building: str | None, emergency: bool
) -> None:
    reading = read_message(text)
    assert (reading.kind, reading.building, reading.emergency) == (kind, building, emergency), reading.cues


def test_apostrophe_less_spellings() -> None:
    assert spellings("can't get up") == ("can't get up", "cant get up")
    assert spellings("i'm on it") == ("i'm on it", "im on it")
    assert spellings("i'll take") == ("i'll take",)  # "ill" is a word
