"""What a group may not read: phone numbers, pickup and door codes, room numbers.

`mask_private` is pure and conservative in one direction only: it hides what looks like a number
that opens a door or reaches a person, and leaves building numbers, times, prices, dates and
quantities as they are, because a card without its building or time is useless to neighbours.
The claimer reads the request in full, privately (handlers/requests/claim.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

HIDDEN = "••••"

# Digits may be written full-width (１３８…); the patterns read them, the mask keeps the shape.
_D = r"[0-9０-９]"
_NOT_DIGIT_BEFORE = r"(?<![0-9０-９A-Za-z*•+])"
_NOT_DIGIT_AFTER = r"(?![0-9０-９*•])"
_SEP = r"[ \u00a0\-‐–.]?"

# A number followed by one of these is an amount, a time, a date, a floor or a building, not a code.
_UNIT_AFTER = (
    r"(?!\s*(?:[元块角毛圆¥$％%点时分秒号楼栋幢座层月日年岁斤公个件袋箱瓶包盒次天周星期]|"
    r"[:：]|小时|分钟|am|pm|AM|PM|h\b|kg|km|min|yuan|rmb|RMB|floor|st|nd|rd|th|x\b))"
)


def _digits(text: str) -> str:
    return "".join(str(int(c)) for c in text if c.isdigit())


def _phone(head: str, national: str) -> str:
    """138****5678: enough to tell two numbers apart, not enough to call."""
    return f"{head}****{national[-4:]}"


def _mobile(m: re.Match[str]) -> str:
    prefix = m.group("cc") or ""
    national = _digits(m.group("num"))
    return prefix + _phone(national[:3], national)


def _landline(m: re.Match[str]) -> str:
    return m.group("area") + m.group("sep") + _phone("", _digits(m.group("num")))


def _international(m: re.Match[str]) -> str:
    return m.group("cc") + " " + _phone("", _digits(m.group("num")))


def _after_label(m: re.Match[str]) -> str:
    return m.group("label") + _phone("", _digits(m.group("num")))


def _code(m: re.Match[str]) -> str:
    return m.group("label") + HIDDEN


def _keep_building(m: re.Match[str]) -> str:
    return m.group("building") + HIDDEN


def _before_label(m: re.Match[str]) -> str:
    return HIDDEN + m.group("label")


_CODE = r"(?P<code>[A-Za-z0-9０-９]*[0-9０-９][A-Za-z0-9０-９]*(?:[-‐][A-Za-z0-9０-９]+){0,4}[#＃]?)"
_GAP = r"(?:\s*(?:[:：=＝是为為#＃]|is|are|was)?\s*)"

# Words after which the next code is a secret however short it is.
_STRONG = (
    r"取件码|取货码|提货码|取餐码|快递码|柜码|验证码|门锁密码|门禁密码|开门密码|密码锁|密码|门禁码|门锁码|"
    r"(?<![A-Za-z])(?:pick-?up code|parcel code|locker code|package code|door ?code|gate code|passcode|password|"
    r"pin code|pin|code)(?![A-Za-z])"
)
# Words after which a code must look like one (dashed groups, or four to eight characters).
_WEAK = (
    r"快递柜|快递|驿站|菜鸟|丰巢|取件|取货|包裹|外卖柜|(?<![A-Za-z])(?:pick-?up|parcel|package|locker|delivery)(?![A-Za-z])"
)
# A dashed date (2024-05-01) next to 快递 is when, not which.
_SHAPED = (
    r"(?!(?:19|20)[0-9]{2}[-‐][0-9]{1,2}[-‐][0-9]{1,2})"
    r"(?P<code>[A-Za-z]?[0-9０-９]{1,4}(?:[-‐][0-9０-９]{1,5}){1,3}|[A-Za-z]?[0-9０-９]{4,8}[A-Za-z]?)"
)

_ROOM_WORD = (
    r"房间号?|房号|门牌号?|Room|room|ROOM|Rm\.?|rm\.?|RM|Flat|flat|FLAT|Apt\.?|apt\.?|Apartment|apartment|Suite|suite"
)
_ROOM = r"(?P<room>[A-Za-z]?[0-9０-９]{2,4}[A-Za-z]?|[0-9０-９][A-Za-z])"

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]

RULES: tuple[Rule, ...] = (
    # Codes first: a code after its word is hidden whole, whatever its digits look like.
    (re.compile(rf"(?P<label>(?:{_STRONG}){_GAP}){_CODE}(?![A-Za-z0-9０-９]){_UNIT_AFTER}", re.I), _code),
    (re.compile(rf"(?P<label>(?:{_WEAK}){_GAP}){_SHAPED}(?![A-Za-z0-9０-９\-]){_UNIT_AFTER}", re.I), _code),
    # Mainland mobiles, with or without +86 / 0086 and spaces or dashes: 138 1234 5678.
    (
        re.compile(
            rf"{_NOT_DIGIT_BEFORE}(?P<cc>(?:\(?(?:\+|00)86\)?[ \-]?)?)"
            rf"(?P<num>[1１][3-9３-９]{_D}{_SEP}{_D}{{4}}{_SEP}{_D}{{4}}){_NOT_DIGIT_AFTER}"
        ),
        _mobile,
    ),
    # Other international numbers: +852 9123 4567, +1 (415) 555-2671, +44 20 7946 0958.
    (
        re.compile(
            rf"{_NOT_DIGIT_BEFORE}(?P<cc>\+{_D}{{1,3}})[ \-.]?"
            rf"(?P<num>\(?{_D}{{1,4}}\)?(?:[ \-.]?{_D}{{2,5}}){{1,4}}){_NOT_DIGIT_AFTER}"
        ),
        _international,
    ),
    # Landlines with an area code: 0591-8765 4321, (010) 12345678; Taiwan's mobiles: 0912-345-678.
    (
        re.compile(
            rf"{_NOT_DIGIT_BEFORE}(?P<area>\(?0{_D}{{2,3}}\)?)(?P<sep>[ \-]?)"
            rf"(?P<num>{_D}{{3,4}}[ \-]?{_D}{{3,4}}){_NOT_DIGIT_AFTER}"
        ),
        _landline,
    ),
    # Any other number a label calls a phone: 电话 2345 6789, WhatsApp 9123-4567.
    (
        re.compile(
            rf"(?P<label>(?:电话|手机|手机号|联系|联系方式|致电|call|phone|tel|mobile|whatsapp|wechat|微信)"
            rf"(?:号码?|号|number|no\.?)?{_GAP})"
            rf"(?P<num>{_D}{{3,4}}[ \-]?{_D}{{3,4}}[ \-]?{_D}{{0,4}}){_NOT_DIGIT_AFTER}",
            re.I,
        ),
        _after_label,
    ),
    # Building, unit, room: 3-2-301 keeps its building (the card names it anyway), hides the rest.
    (
        re.compile(
            rf"{_NOT_DIGIT_BEFORE}(?<![:：/\-.])(?P<building>[0-9０-９]{{1,3}}[-‐])"
            rf"(?!(?:0?[1-9]|1[0-2])[-‐](?:19|20){_D}{_D}(?![0-9]))"
            rf"(?:{_D}{{1,2}}[-‐])?{_D}{{3,4}}(?![0-9０-９\-.:：]){_UNIT_AFTER}"
        ),
        _keep_building,
    ),
    (
        re.compile(
            rf"(?P<building>[0-9０-９A-Za-z]{{1,4}}\s*(?:号楼|栋|幢|座|號樓|棟)\s*)"
            rf"(?:{_D}{{1,2}}\s*单元\s*)?{_D}{{3,4}}(?![0-9０-９])(?!\s*[楼层樓])"
        ),
        _keep_building,
    ),
    (re.compile(rf"{_D}{{1,2}}\s*单元\s*{_D}{{3,4}}(?![0-9０-９])(?!\s*[楼层樓])"), lambda m: HIDDEN),
    (re.compile(rf"{_NOT_DIGIT_BEFORE}[0-9０-９]{{3,4}}(?P<label>\s*(?:室|房|号房|號房))"), _before_label),
    (re.compile(rf"(?P<label>(?:{_ROOM_WORD})\s*[:：#＃]?\s*){_ROOM}(?![A-Za-z0-9０-９])"), _code),
)


@dataclass(frozen=True, slots=True)
class Masked:
    text: str
    hidden: int  # how many spans were masked; 0 means the group may see the text as it is


def mask_private(text: str) -> Masked:
    hidden = 0
    for pattern, replace in RULES:
        text, n = pattern.subn(replace, text)
        hidden += n
    return Masked(text, hidden)
