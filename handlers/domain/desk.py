"""The secretary's desk: the three lists as pages, and what their buttons carry.

需求清单 (`/open`), 资源清单 (`/volunteers`), 民情清单 (`/concerns`). A list message pages in place:
its buttons carry the list, the page, the scope it was asked in (a group chat, or 0 for all the
secretary's communities) and a token naming the message (its ref is `desk:<token>`), all within
Telegram's 64 bytes of callback_data. Every press is checked again against the presser's role.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from handlers.domain.concerns import ConcernStatus, Matter
from handlers.domain.lists import Offer
from handlers.domain.people import Volunteer, VolunteerRecord
from handlers.domain.request import Request

PREFIX = "dk"
T = TypeVar("T")


class DeskList(StrEnum):
    OPEN = "o"
    VOLUNTEERS = "v"
    CONCERNS = "c"


# A concern entry's buttons: a status, or "me" (the presser takes it on).
CHANGES: dict[str, ConcernStatus | None] = {
    "t": ConcernStatus.TABLED,
    "h": ConcernStatus.IN_HAND,
    "f": ConcernStatus.FIXED,
    "d": ConcernStatus.DECLINED,
    "m": None,
}


@dataclass(frozen=True, slots=True)
class PagePress:
    list: DeskList
    page: int
    scope: int  # the group chat the list was asked in; 0: all the presser's communities
    token: int


@dataclass(frozen=True, slots=True)
class EntryPress:
    matter_id: int
    change: str  # a key of CHANGES
    token: int


def desk_ref(token: int) -> str:
    return f"desk:{token}"


def page_data(kind: DeskList, page: int, scope: int, token: int) -> str:
    return f"{PREFIX}:p:{kind.value}:{page}:{scope}:{token}"


def entry_data(matter_id: int, change: str, token: int) -> str:
    return f"{PREFIX}:s:{matter_id}:{change}:{token}"


def _int(text: str) -> int | None:
    body = text[1:] if text.startswith("-") else text
    return int(text) if body.isascii() and body.isdigit() and len(body) <= 19 else None


def decode(data: str) -> PagePress | EntryPress | None:
    """A desk button's data; None when it is not one (or was not made by us)."""
    parts = data.split(":")
    if parts[0] != PREFIX or len(parts) < 2:
        return None
    numbers = [_int(p) for p in parts[2:]]
    if parts[1] == "p" and len(parts) == 6 and parts[2] in {k.value for k in DeskList}:
        page, scope, token = numbers[1:]
        if page is not None and scope is not None and token is not None and page >= 0:
            return PagePress(DeskList(parts[2]), page, scope, token)
    if parts[1] == "s" and len(parts) == 5 and parts[3] in CHANGES:
        matter_id, token = numbers[0], numbers[2]
        if matter_id is not None and token is not None:
            return EntryPress(matter_id, parts[3], token)
    return None


def is_desk_data(data: str) -> bool:
    return data.startswith(PREFIX + ":")


@dataclass(frozen=True, slots=True)
class Paged:
    page: int  # 0-based, clamped into range
    pages: int
    total: int
    start: int  # index of the page's first item in the whole list


def paginate(items: Sequence[T], page: int, size: int) -> tuple[list[T], Paged]:
    """One page of `items`; a page past the end shows the last one (the list may have shrunk)."""
    pages = max(1, -(-len(items) // size))
    page = min(max(page, 0), pages - 1)
    start = page * size
    return list(items[start : start + size]), Paged(page, pages, len(items), start)


# --- what a page shows ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OpenItem:
    """An open request, who was called for it (and did not decline) and how many declined."""

    request: Request
    called: tuple[str, ...]
    declined: int


@dataclass(frozen=True, slots=True)
class VolunteerItem:
    volunteer: Volunteer
    record: VolunteerRecord


@dataclass(frozen=True, slots=True)
class OfferItem:
    offer: Offer
    valid_until: datetime
    valid: bool


def offer_item(offer: Offer, lifetime: timedelta, now: datetime) -> OfferItem:
    """An offer is valid for `lifetime` after it was posted ([desk] offer_lifetime)."""
    until = offer.at + lifetime
    return OfferItem(offer, until, now < until)


DeskItem = OpenItem | VolunteerItem | OfferItem | Matter


@dataclass(frozen=True, slots=True)
class DeskPage:
    list: DeskList
    items: tuple[DeskItem, ...]
    paged: Paged
    place: str  # the compound asked about, or "" for all the secretary's communities


@dataclass(frozen=True, slots=True)
class Agenda:
    matters: tuple[Matter, ...]  # most-raised first
    meeting: str  # a date "YYYY-MM-DD", or "" for the next meeting
    tabled_now: int  # raised matters this agenda tabled
    place: str


def volunteer_order(volunteers: Sequence[Volunteer]) -> list[Volunteer]:
    """By compound and building, then by their first skill and name: how a secretary reads a roster."""
    return sorted(volunteers, key=lambda v: (v.compound, v.building, min(v.skills, default="~"), v.name, v.user_id))
