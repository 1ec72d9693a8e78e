"""`/roster add`'s words: `<building> <carer> <name…> [N/M] [need]`, in Chinese or English.

The cadence ("3/5": contact every 3 days, visit every 5) and the need (独居, disabled…) may stand
anywhere after the carer; every other word is the resident's name as the secretary knows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.domain.visits import Need

NEEDS: dict[str, Need] = {
    "elderly": Need.ELDERLY, "alone": Need.ELDERLY, "独居": Need.ELDERLY, "独居老人": Need.ELDERLY,
    "老人": Need.ELDERLY, "空巢": Need.ELDERLY, "高龄": Need.ELDERLY,
    "disabled": Need.DISABLED, "残疾": Need.DISABLED, "残障": Need.DISABLED, "失能": Need.DISABLED,
    "ill": Need.ILL, "sick": Need.ILL, "患病": Need.ILL, "生病": Need.ILL, "重病": Need.ILL, "病人": Need.ILL,
}
ADD_WORDS = ("add", "添加", "加")
OFF_WORDS = ("off", "remove", "移除", "删除")
MAX_DAYS = 60
MAX_NAME = 64
_CADENCE = re.compile(r"(\d{1,2})/(\d{1,2})")


@dataclass(frozen=True, slots=True)
class AddArgs:
    building: str
    carer: str  # `@username` or a user id, resolved by the use case
    name: str
    need: Need
    contact_every: int | None  # None: the configured default
    visit_every: int | None


def parse_add(args: tuple[str, ...]) -> AddArgs | None:
    """The words after `add`; None when they do not say a building, a carer and a name, or when
    the cadence is out of range (1–60 days, the contact not rarer than the visit)."""
    if len(args) < 3:
        return None
    building, carer, rest = args[0], args[1], args[2:]
    need, cadence, words = Need.OTHER, None, []
    for word in rest:
        found = _CADENCE.fullmatch(word)
        if found and cadence is None:
            cadence = (int(found.group(1)), int(found.group(2)))
        elif word.lower() in NEEDS and need is Need.OTHER:
            need = NEEDS[word.lower()]
        else:
            words.append(word)
    name = " ".join(words)
    if not name or len(name) > MAX_NAME:
        return None
    if cadence is not None and not (1 <= cadence[0] <= cadence[1] <= MAX_DAYS):
        return None
    contact, visit = cadence if cadence else (None, None)
    return AddArgs(building.removesuffix("号楼").removesuffix("栋"), carer, name, need, contact, visit)


def entry_number(args: tuple[str, ...]) -> int | None:
    """`/roster off 12` (or `#12`) → 12."""
    if len(args) != 1:
        return None
    number = args[0].removeprefix("#")
    return int(number) if number.isascii() and number.isdigit() and len(number) <= 9 else None
