"""Chinese numerals as residents write them in building numbers and head counts."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}

_WORDS_EN = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "a few": 3, "couple of": 2}


def chinese_to_int(text: str) -> int | None:
    """Value of a Chinese numeral (十二 → 12, 二十一 → 21, 一百零八 → 108), None if malformed.

    Also accepts digit-by-digit spelling (一九八 → 198), which voice input produces.
    """
    if not text:
        return None
    if all(ch in _DIGITS for ch in text):
        value = 0
        for ch in text:
            value = value * 10 + _DIGITS[ch]
        return value
    total = 0
    pending = 0
    for ch in text:
        if ch in _DIGITS:
            pending = _DIGITS[ch]
        elif ch in _UNITS:
            # A bare 十 at the start means one ten (十二 = 12).
            total += (pending or 1) * _UNITS[ch]
            pending = 0
        else:
            return None
    return total + pending


def to_int(token: str) -> int | None:
    """Arabic digits, Chinese numerals or an English number word."""
    if token.isdigit():
        return int(token)
    if token in _WORDS_EN:
        return _WORDS_EN[token]
    return chinese_to_int(token)
