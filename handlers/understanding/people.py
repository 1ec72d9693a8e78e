"""How many helpers a request asks for: 需要两个人 / 两个壮劳力 / need 3 people."""

from __future__ import annotations

import re
from functools import cache

from handlers.understanding.numerals import to_int

MAX_PEOPLE = 20


_ZH_NOUNS = "人|壮劳力|壮小伙|小伙子?|帮手|志愿者|男生|劳力|壮汉|大力士"
_EN_NOUNS = "people|persons|guys|men|helpers|volunteers|hands|neighbou?rs"


@cache
def _pattern() -> re.Pattern[str]:
    zh = rf"([0-9]{{1,2}}|[一二两三四五六七八九十]{{1,2}})\s?(?:个|位|名)?(?:{_ZH_NOUNS})"
    en = (
        r"\b([0-9]{1,2}|two|three|four|five|six|a couple of|couple of|a few)\s+"
        rf"(?:strong\s+|more\s+|extra\s+)?(?:{_EN_NOUNS})\b"
    )
    return re.compile(f"{zh}|{en}")


@cache
def _nouns() -> re.Pattern[str]:
    """Every head count ends in one of these nouns. The pattern above opens with a group, which
    `re` tries at every position; this one opens with literals, which it skips to directly."""
    return re.compile(f"{_ZH_NOUNS}|{_EN_NOUNS}")


def people_needed(lowered: str) -> int:
    """The largest head count named, at least 1 ("一个人在家" is not a head count of helpers)."""
    found = 1
    if _nouns().search(lowered) is None:
        return found
    for match in _pattern().finditer(lowered):
        token = match.group(1) or match.group(2)
        value = to_int(token) if token else None
        if value is not None and 1 < value <= MAX_PEOPLE:
            found = max(found, value)
    return found
