"""parse_skills and the skill/category tables."""

from __future__ import annotations

import re

import pytest

from handlers.matching import (
    CATEGORY_SKILLS,
    ENTERS_HOME,
    SKILL_LABELS,
    parse_skills,
    skill_label,
)
from tests.shared_data import shared_file

PARSE = [
    pytest.param(["医生"], {"doctor"}, (), id="zh-single"),
    pytest.param(["大夫", "护士"], {"doctor", "nurse"}, (), id="zh-list"),
    pytest.param(["医生、懂电，水管"], {"doctor", "electrician", "plumber"}, (), id="zh-joined-by-、，"),
    pytest.param(["木工 司机"], {"handyman", "driver"}, (), id="zh-joined-by-space"),
    pytest.param(["我是医生"], {"doctor"}, (), id="zh-inside-a-phrase"),
    pytest.param(["会修电脑"], {"tech"}, (), id="zh-filler-ignored"),
    pytest.param(["懂电的"], {"electrician"}, (), id="zh-trailing-particle"),
    pytest.param(["Doctor", "NURSE"], {"doctor", "nurse"}, (), id="en-case-insensitive"),
    pytest.param(["plumber, driver; tutor"], {"plumber", "driver", "teacher"}, (), id="en-joined"),
    pytest.param(["GP"], {"doctor"}, (), id="en-GP"),
    pytest.param(["first aid", "heavy lifting"], {"firstaid", "mover"}, (), id="en-two-word-phrases"),
    pytest.param(["doctors", "electricians"], {"doctor", "electrician"}, (), id="en-plural"),
    pytest.param(["IT"], {"tech"}, (), id="IT-capitals-is-tech"),
    pytest.param(["I can fix it"], {"handyman"}, (), id="it-pronoun-is-filler"),
    pytest.param(["有车", "car"], {"driver"}, (), id="zh-en-same-tag"),
    pytest.param(["宠物/遛狗", "errands"], {"pets", "errands"}, (), id="slash"),
    pytest.param(["心理咨询", "counselor"], {"counsellor"}, (), id="counsellor-both-spellings"),
    pytest.param(["陪护", "carer"], {"carer"}, (), id="carer"),
    pytest.param(["juggling", "医生"], {"doctor"}, ("juggling",), id="en-unknown-kept"),
    pytest.param(["会修自行车"], set(), ("会修自行车",), id="zh-unknown-kept"),
    pytest.param(["juggling", "Juggling", "juggling"], set(), ("juggling", "Juggling"), id="dedup"),
    pytest.param([], set(), (), id="empty"),
    pytest.param(["  ", "、"], set(), (), id="only-separators"),
]


@pytest.mark.parametrize(("words", "tags", "unknown"), PARSE)
def test_parse_skills(words: list[str], tags: set[str], unknown: tuple[str, ...]) -> None:
    assert parse_skills(words) == (frozenset(tags), unknown)


def test_every_label_category_has_an_entry() -> None:
    labels = shared_file("data", "LABELS.md")
    section = labels.read_text(encoding="utf-8").split("## category", 1)[1].split("##", 1)[0]
    categories = set(re.findall(r"`([a-z]+)`", section)) - {"null", "request", "offer", "concern"}
    assert categories == set(CATEGORY_SKILLS)


def test_tables_are_consistent() -> None:
    used = set().union(*CATEGORY_SKILLS.values())
    assert used <= set(SKILL_LABELS)
    assert set(CATEGORY_SKILLS) >= ENTERS_HOME
    assert CATEGORY_SKILLS["medical"] >= {"doctor", "nurse"}
    assert CATEGORY_SKILLS["laundry"] == frozenset()
    # every tag that a word can produce has a label for buttons
    for tag in SKILL_LABELS:
        assert parse_skills([SKILL_LABELS[tag][0]])[0] >= {tag} or tag in {"tech"}, tag


@pytest.mark.parametrize(
    ("locale", "expected"), [("zh", "医生"), ("zh-hans", "医生"), ("en", "Doctor"), (None, "医生")]
)
def test_skill_label(locale: str | None, expected: str) -> None:
    assert skill_label("doctor", locale) == expected
    assert skill_label("unknown-tag", locale) == "unknown-tag"
