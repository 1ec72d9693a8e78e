"""The merge rule of the 民情清单: which raisings are one matter (handlers/domain/concerns.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from handlers.domain.concerns import (
    ConcernStatus,
    Matter,
    agenda_order,
    best_match,
    joined,
    moved,
    same_matter,
    similarity,
    subjects,
    tokens,
)

T0 = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)


def matter(matter_id: int, text: str, building: str | None = "198", *, residents: int = 1,
           status: ConcernStatus = ConcernStatus.RAISED, at: datetime = T0) -> Matter:
    return Matter(matter_id, "深田社区", "图强小区", building, "facility", text, status, at, at, residents, residents)


@pytest.mark.parametrize(
    ("new", "old"),
    [
        ("198栋电梯又坏啦,什么时候修啊", "198号楼的电梯又坏了,老人上下楼太不方便了"),
        ("电梯坏了好几天了,198号楼的老人爬楼梯太辛苦", "198号楼电梯又停了,已经两天了,物业也不管"),
        ("Lift in 198 broken again, nobody fixes it", "The lift in building 198 is broken again"),
        ("the elevator is out of order", "198号楼电梯又停了"),  # the subject crosses languages
        ("楼下垃圾桶好几天没人清理了", "垃圾堆在门口,臭得很"),
        ("Water keeps dripping from the ceiling of the car park", "water dripping from the car park ceiling"),
    ],
)
def test_raisings_about_the_same_problem_are_one_matter(new: str, old: str) -> None:
    assert same_matter(new, "198", "198", [old])


@pytest.mark.parametrize(
    ("new", "old"),
    [
        ("路灯坏了,晚上很黑", "楼道灯坏了,晚上很黑"),  # alike words, different lamps
        ("电梯又坏了", "门禁又坏了"),
        ("The lift is broken again", "The gate is broken again"),
        ("下水道堵了", "晚上广场舞太吵了"),
        ("the noise at night is terrible", "the bins are overflowing"),
    ],
)
def test_different_problems_stay_apart(new: str, old: str) -> None:
    assert not same_matter(new, None, None, [old])


def test_buildings_must_agree_where_both_are_named() -> None:
    assert not same_matter("198号楼电梯坏了", "198", "197", ["197号楼电梯坏了"])
    assert same_matter("电梯坏了", None, "197", ["197号楼电梯坏了"])  # one names none: the words decide


def test_words_alone_decide_without_a_known_subject() -> None:
    assert similarity("小区东门的台阶裂开了", "东门台阶裂开了很危险") >= 0.3
    assert same_matter("小区东门的台阶裂开了", None, None, ["东门台阶裂开了很危险"])
    assert not same_matter("小区东门的台阶裂开了", None, None, ["快递柜总是满的"])


def test_tokens_are_chinese_bigrams_and_english_words_without_stop_words_or_plurals() -> None:
    assert tokens("电梯坏了") == {"电梯", "梯坏", "坏了"}
    assert tokens("The lifts are BROKEN in 198") == {"lift", "broken"}
    assert subjects("Lift 又坏了,电梯") == {"lift"}
    assert similarity("", "") == 0.0


def test_best_match_prefers_the_same_building_and_skips_closed_matters() -> None:
    anywhere = matter(1, "电梯坏了", building=None, residents=3)
    here = matter(2, "198号楼电梯坏了")
    fixed = matter(3, "198号楼电梯坏了", status=ConcernStatus.FIXED)
    candidates = [(anywhere, ["电梯坏了"]), (here, ["198号楼电梯坏了"]), (fixed, ["198号楼电梯坏了"])]
    assert best_match("198栋电梯又停了", "198", candidates) == here
    assert best_match("电梯又停了", "197", candidates) == anywhere
    assert best_match("电梯又停了", "198", [(fixed, ["198号楼电梯坏了"])]) is None
    assert best_match("门禁坏了", "198", candidates) is None


def test_joining_counts_raisings_residents_and_chats() -> None:
    first = matter(1, "电梯坏了", building=None)
    again = joined(first, True, -1, "198", T0 + timedelta(hours=1))
    same_person = joined(again, False, -2, None, T0 + timedelta(hours=2))
    assert (again.raised, again.residents, again.building) == (2, 2, "198")
    assert (same_person.raised, same_person.residents, same_person.chats) == (3, 2, (-1, -2))
    assert same_person.last_at == T0 + timedelta(hours=2)


def test_the_agenda_puts_the_most_raised_first_then_the_oldest() -> None:
    older = matter(1, "a", residents=2, at=T0)
    newer = matter(2, "b", residents=2, at=T0 + timedelta(days=1))
    most = matter(3, "c", residents=5, at=T0 + timedelta(days=2))
    assert [m.id for m in agenda_order([newer, older, most])] == [3, 1, 2]


def test_closing_stamps_closed_at_and_reopening_clears_it() -> None:
    fixed = moved(matter(1, "a"), ConcernStatus.FIXED, T0)
    assert fixed.closed_at == T0 and not fixed.status.is_open
    assert moved(fixed, ConcernStatus.IN_HAND, T0).closed_at is None
