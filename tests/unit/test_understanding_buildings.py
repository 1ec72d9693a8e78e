"""Buildings: every notation residents use, and the numbers that must never become one."""

from __future__ import annotations

import pytest

from handlers.understanding import read_message
from handlers.understanding.numerals import chinese_to_int


@pytest.mark.parametrize(
    ("text", "building"),
    [
        ("198号楼谁在家", "198"),
        ("我住3栋", "3"),
        ("东区3幢,太重了", "3"),
        ("三号楼有人吗", "3"),
        ("十二栋一单元有没有人在家", "12"),
        ("二十一号楼的邻居", "21"),
        ("三十号楼", "30"),
        ("十栋二单元", "10"),
        ("B座的邻居们", "B"),
        ("A栋有人吗", "A"),
        ("我在１５号楼", "15"),
        ("Building 7, please", "7"),
        ("I'm in Bldg 12", "12"),
        ("block 4 car park", "4"),
        ("blk 21", "21"),
        ("tower 3 stairwell", "3"),
        ("Building B lobby", "B"),
        ("11-2-402", "11"),
        ("5-2-301的邻居", "5"),
        ("12号楼2单元的王奶奶", "12"),
        ("in 9栋 can anyone help", "9"),
    ],
)
def test_building_notations(text: str, building: str) -> None:
    assert read_message(text).building == building


@pytest.mark.parametrize(
    "text",
    [
        "我住6楼,没电梯",  # floor
        "carry a sofa up to the 6th floor",  # floor
        "smoke on the 3rd floor",  # floor
        "下午3点到",  # time
        "collect my kid at 4",  # time
        "pick me up at 4pm",  # time
        "50块一斤",  # price
        "老人86岁了",  # age
        "My mom (86) lives alone",  # age
        "尾号1234的快递",  # phone tail
        "我家302,帮忙看看",  # room alone
        "2单元有人吗",  # unit alone is not a building
        "两栋楼之间的路灯坏了",  # "two buildings"
        "building a shed this weekend",  # article, not a letter
        "2024-05-01 开会",  # date
        "电话138-1234-5678",  # phone number
        "12路公交还经过小区门口吗",  # bus line
    ],
)
def test_numbers_that_are_not_buildings(text: str) -> None:
    assert read_message(text).building is None


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("二十一", 21), ("一百零八", 108),
     ("一九八", 198), ("两", 2), ("", None), ("十x", None)],
)
def test_chinese_numerals(numeral: str, value: int | None) -> None:
    assert chinese_to_int(numeral) == value


@pytest.mark.parametrize(
    "text",
    [
        "19\u200b8号楼谁家有人在,请帮我收下被子!",  # zero-width space
        "1\u200d98号楼谁家有人在,请帮我收下被子!",  # zero-width joiner
        "\u202e198\u202c号楼谁家有人在,请帮我收下被子!",  # right-to-left override
        "19\u2060\ufeff8\u200f号楼谁家有人在,请帮我收下被子!",  # word joiner, BOM, RTL mark
        "19\u00ad8号楼谁家有人在,请帮我收下被子!",  # soft hyphen
    ],
)
def test_invisible_characters_do_not_change_the_building(text: str) -> None:
    assert read_message(text).building == "198"


@pytest.mark.parametrize(
    ("text", "building"),
    [
        # A pickup code looks like a building-unit-room triple; the building is the one named after.
        ("谁能帮我取个快递 菜鸟驿站 取件码12-3-4005 送到7栋2单元门口就行", "7"),
        ("我的快递在菜鸟驿站,取件码6-3-2015,哪位顺路帮拿一下", None),
        ("code 7-2-1016, drop at #13 unit 2", "13"),
        ("麻烦帮我去快递柜拿个件,码是 8-1-0337,放我家门口", None),
        # building-room pairs, and the numbers that only look like one
        ("Could somebody look in on Mrs Huang in 9-602?", "9"),
        ("parcel's with me, pop by 5-1801 whenever", "5"),
        ("fines of 50-200 RMB for households", None),
        ("Renting out parking space B2-117 from next month", None),
        ("call 020-3886 1234", None),
        # hashes
        ("住5#楼301,钱微信转你", "5"),
        ("the fire hose box on floor 8 of #5 is empty", "5"),
        ("can i borrow a rice cooker for the weekend? #16", "16"),
        ("Paid already, order #47", None),
        ("Congrats to the Tanakas on baby #2!! 🎉", None),
        ("有没有人明天去Costco? 我在Bldg 10", "10"),
    ],
)
def test_codes_rooms_and_hashes(text: str, building: str | None) -> None:
    assert read_message(text).building == building
