"""Masking what a group may not read: phones, pickup and door codes, room numbers; nothing else."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from handlers.understanding.privacy import HIDDEN, mask_private
from tests.fuzzing import PROFILE

assert PROFILE  # loads the hypothesis profile: a few hundred examples, or 10,000 with JINLIN_FUZZ=long

MASKED = [
    # Mainland mobiles, bare, spaced, dashed, with +86 / 0086.
    ("我的电话13812345678,谢谢", "我的电话138****5678,谢谢"),
    ("电话 138 1234 5678", "电话 138****5678"),
    ("+86 138-1234-5678 找我", "+86 138****5678 找我"),
    ("(+86)13812345678", "(+86)138****5678"),
    ("联系人：王阿姨１３８１２３４５６７８", "联系人：王阿姨138****5678"),
    # Landlines, Hong Kong, Taiwan, elsewhere.
    ("座机 0591-87654321", "座机 0591-****4321"),
    ("(010) 1234 5678", "(010) ****5678"),
    ("香港 +852 9123 4567", "香港 +852 ****4567"),
    ("Call me at +1 (415) 555-2671", "Call me at +1 ****2671"),
    ("+44 20 7946 0958 please", "+44 ****0958 please"),
    ("WhatsApp 9123 4567", "WhatsApp ****4567"),
    # Pickup codes.
    ("取件码 3-2-1108 在驿站", "取件码 •••• 在驿站"),
    ("快递 3-2-1108 帮我拿一下", "快递 •••• 帮我拿一下"),
    ("驿站取件码是8867,谢谢", "驿站取件码是••••,谢谢"),
    ("帮我取个快递,取件码:12-3-4567", "帮我取个快递,取件码:••••"),
    ("pickup code: A12-3456", "pickup code: ••••"),
    ("Parcel 12-3-4567 at the locker", "Parcel •••• at the locker"),
    # Door codes and passwords.
    ("门锁密码 123456#", "门锁密码 ••••"),
    ("密码是 0000", "密码是 ••••"),
    ("The door code is 4821", "The door code is ••••"),
    ("the pin is 9876", "the pin is ••••"),
    # Rooms: the building stays, the unit and room go.
    ("请到198号楼1502", "请到198号楼••••"),
    ("198号楼1502室", "198号楼••••室"),
    ("3栋2单元301", "3栋••••"),
    ("住在3-2-301", "住在3-••••"),
    ("198-1502 的老人", "198-•••• 的老人"),
    ("1502室的老人", "••••室的老人"),
    ("房间 1502", "房间 ••••"),
    ("B座1203", "B座••••"),
    ("Room 1502, building 5", "Room ••••, building 5"),
    ("Flat 12B needs help", "Flat •••• needs help"),
    ("Apt 3C", "Apt ••••"),
]

UNCHANGED = [
    "要下雨啦,198号楼谁家有人在,请帮我收下被子!",
    "198号楼 15楼",
    "5号楼2单元",
    "下午3点到6点,18:00-22:00",
    "18-22",
    "50元一袋,¥120",
    "价格100-200元",
    "2024-05-01 前",
    "12-5-2024",
    "3月5日下午",
    "需要2袋米送到198号楼",
    "快递到了,在198号楼驿站",
    "快递柜 12点前取",
    "楼下快递5件",
    "快递 2024-05-01 到",
    "打120",
    "I need help in room 2 hours",
    "Building 5 needs 2 people at 6pm, $30 for a taxi",
    "No.198 building, 3rd floor",
    "barcode scanner broke",
    "My opinion 12345",
]


@pytest.mark.parametrize(("text", "shown"), MASKED)
def test_private_numbers_are_masked(text: str, shown: str) -> None:
    masked = mask_private(text)
    assert masked.text == shown
    assert masked.hidden >= 1


@pytest.mark.parametrize("text", UNCHANGED)
def test_buildings_times_prices_dates_and_quantities_are_left_alone(text: str) -> None:
    assert mask_private(text).text == text
    assert mask_private(text).hidden == 0


def test_several_things_in_one_request() -> None:
    masked = mask_private("198号楼1502的张奶奶,电话13812345678,取件码 8867,门锁密码 2580")
    assert masked.text == "198号楼••••的张奶奶,电话138****5678,取件码 ••••,门锁密码 ••••"
    assert masked.hidden == 4


_CJK = st.text(st.sampled_from("的了我你他在是有要帮忙请谢号楼快递电话邻居阿姨 ,。!"), max_size=20)


@given(_CJK, st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), _CJK)
@example("", "13800000000", "")
def test_any_mainland_mobile_loses_its_middle(before: str, mobile: str, after: str) -> None:
    masked = mask_private(before + mobile + after).text
    assert mobile not in masked
    assert mobile[:3] + "****" + mobile[-4:] in masked


@given(st.text(max_size=300))
@example("电话138****5678 取件码 •••• 198号楼••••")
@example("快递 ****1234")
def test_masking_never_raises_and_is_idempotent(text: str) -> None:
    once = mask_private(text)
    assert mask_private(once.text).text == once.text
    if not re.search(r"[0-9０-９]", text):
        assert once.text == text


@given(st.text(max_size=60).filter(lambda t: HIDDEN not in t and "*" not in t))
def test_nothing_is_hidden_when_nothing_changed(text: str) -> None:
    masked = mask_private(text)
    assert (masked.hidden == 0) == (masked.text == text)
