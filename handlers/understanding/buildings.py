"""Finding the building a message is about, and only a building.

A building is named by an explicit marker: 号楼/栋/幢/座 after a number or letter, an English
noun before it (building, bldg, block, blk, tower), the building-unit-room triple 5-2-301, the
building-room pair 8-1602, or a hash: 5#楼, "in #8", a message ending "#16".
A pickup code written like a triple (取件码 3-2-1108, "code 7-1-3045") is not a building: the
numbers after 码 or "code" are skipped and the next building named, if any, is the one.
Everything else that looks like a number — floors (6楼, 6th floor), times (3点, at 4), prices
(50块), ages (86岁, (86)), phone tails (尾号1234), rooms (302), units alone (2单元) — carries
none of these markers, so requiring a marker is what keeps them out.
"""

from __future__ import annotations

import re
from functools import cache

from handlers.understanding.numerals import chinese_to_int

# 两 is left out: "两栋楼" means "two buildings", never "building 2".
_ZH_NUM = "[零〇一二三四五六七八九十百]{1,5}"


_ZH_MARKERS = ("号楼", "栋", "幢", "座", "號樓", "棟")
_EN_MARKERS = ("building", "bldg", "bld", "block", "blk", "tower")
# Whether the text holds any of them: one search each, where `any(m in text for m in ...)` runs a
# generator in Python (literal-led alternatives let `re` skip to where one can start).
_HAS_ZH = re.compile("|".join(_ZH_MARKERS)).search
_HAS_EN = re.compile("|".join(_EN_MARKERS)).search


_NUMBERED = (1, 4)  # the triple's and the pair's groups: how pickup codes are written too
# 取件码 5-3-2207, 码是 8-1-0337, "code 7-1-3045": the numbers right after it are a code.
_PICKUP_CODE = re.compile(r"(?:码|code)\s*(?:是|:|#)?\s*$")


@cache
def _pattern(triple: bool = True, zh: bool = True, en: bool = True, hashed: bool = True) -> re.Pattern[str]:
    """The three notations; a notation whose marker the text lacks is left out as `(?!)()`, which
    fails at once but keeps the group numbers. `re` tries every branch at every position, so
    leaving out the ones that cannot match is most of the cost of a message that names none."""
    never = "(?!)()"
    branches = (
        r"(?<![\d.:/-])(\d{1,3})-\d{1,2}-\d{2,5}(?![\d-])" if triple else never,
        rf"(?<![\d])(\d{{1,4}}|{_ZH_NUM}|[a-z])\s?(?:{'|'.join(_ZH_MARKERS)})" if zh else never,
        rf"(?<![a-z])(?:{'|'.join(_EN_MARKERS)})\b\.?\s*(?:no\.?\s*|#\s*)?(\d{{1,4}}|[a-z])(?![\w])" if en else never,
        # (?<![a-z]), not \b: "我在bldg 10" names building 10, and CJK counts as a word character.
        # building-room: a room is 3-4 digits and never ends in 00 ("50-200 rmb"), a building
        # never starts with 0 ("020-3886"), and a letter before it is a parking space ("b2-117").
        r"(?<![\w.:/-])([1-9]\d{0,2})-\d{1,2}(?:0[1-9]|[1-9]\d)(?![\d-])" if triple else never,
        # "5#楼", "13#"; "#8" only after in/of/at/to or closing the message ("order #58", "baby #2" are not).
        (
            r"(?<![\d.])(\d{1,3})#|(?:(?<=\bin )|(?<=\bof )|(?<=\bat )|(?<=\bto ))#(\d{1,3})(?!\d)"
            r"|(?<!order )#(\d{1,3})\s*$"
        )
        if hashed
        else never,
    )
    return re.compile("|".join(branches))


def find_building(folded: str, lowered: str) -> tuple[str | None, str]:
    """The first building named in the text and the cue that found it ("" when none)."""
    pattern = _pattern("-" in lowered, _HAS_ZH(lowered) is not None, _HAS_EN(lowered) is not None, "#" in lowered)
    for match in pattern.finditer(lowered):
        index = match.lastindex
        if index is None:
            continue
        raw = match.group(index)
        start = match.start(index)
        if index in _NUMBERED and _PICKUP_CODE.search(lowered, max(0, start - 10), start):
            continue
        if raw.isdigit():
            if int(raw) == 0:
                continue  # "0号楼" (or "00栋") names no building: numbering starts at 1
            return str(int(raw)), f"building:{match.group(0).strip()}"
        if len(raw) == 1 and raw.isascii():
            # English "building a ..." is an article; trust a letter only when written in capitals
            # (B座 / Building B). In Chinese notation the marker itself is unambiguous.
            if index == 3 and not folded[start].isupper():
                continue
            # "wifi座" or "ok栋" is the tail of a word, not a building letter.
            if start > 0 and lowered[start - 1].isascii() and lowered[start - 1].isalpha():
                continue
            return raw.upper(), f"building:{match.group(0).strip()}"
        value = chinese_to_int(raw)
        if value:
            return str(value), f"building:{match.group(0).strip()}"
    return None, ""
