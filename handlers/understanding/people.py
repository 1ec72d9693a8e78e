"""How many helpers a request asks for: 需要两个人 / 两个壮劳力 / need 3 people."""

from __future__ import annotations

import re
from functools import cache

from handlers.understanding.numerals import to_int

MAX_PEOPLE = 20


@cache
def _pattern() -> re.Pattern[str]:
    zh = (
        r"([0-9]{1,2}|[一二两三四五六七八九十]{1,2})\s?(?:个|位|名)?"
        r"(?:人|壮劳力|壮小伙|小伙子?|帮手|志愿者|男生|劳力|壮汉|大力士)"
    )
    en = (
        r"\b([0-9]{1,2}|two|three|four|five|six|a couple of|couple of|a few)\s+"
        r"(?:strong\s+|more\s+|extra\s+)?(?:people|persons|guys|men|helpers|volunteers|hands|neighbou?rs)\b"
    )
    return re.compile(f"{zh}|{en}")


def people_needed(lowered: str) -> int:
    """The largest head count named, at least 1 ("一个人在家" is not a head count of helpers)."""
    found = 1
    for match in _pattern().finditer(lowered):
        token = match.group(1) or match.group(2)
        value = to_int(token) if token else None
        if value is not None and 1 < value <= MAX_PEOPLE:
            found = max(found, value)
    return found
