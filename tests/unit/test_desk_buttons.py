"""The desk's button data and paging (handlers/domain/desk.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from handlers.domain.desk import (
    DeskList,
    EntryPress,
    PagePress,
    decode,
    entry_data,
    offer_item,
    page_data,
    paginate,
)
from handlers.domain.lists import Offer


def test_page_and_entry_data_round_trip_within_telegrams_64_bytes() -> None:
    data = page_data(DeskList.CONCERNS, 12, -1001234567890, 987654321012)
    assert len(data.encode()) <= 64
    assert decode(data) == PagePress(DeskList.CONCERNS, 12, -1001234567890, 987654321012)
    entry = entry_data(123456, "f", 987654321012)
    assert len(entry.encode()) <= 64
    assert decode(entry) == EntryPress(123456, "f", 987654321012)


@pytest.mark.parametrize(
    "data", ["dk:p:z:1:0:5", "dk:p:o:-1:0:5", "dk:p:o:x:0:5", "dk:s:1:q:5", "dk:s:1:f", "dk", "c:1", "dk:p:o:1:0:５"]
)
def test_anything_else_is_not_a_desk_button(data: str) -> None:
    assert decode(data) is None


def test_a_page_past_the_end_shows_the_last_one() -> None:
    items = list(range(17))
    page, paged = paginate(items, 5, 8)
    assert (page, paged.page, paged.pages, paged.total, paged.start) == ([16], 2, 3, 17, 16)
    assert paginate([], 0, 8)[1].pages == 1


def test_an_offer_is_valid_for_its_lifetime() -> None:
    at = datetime(2025, 6, 1, tzinfo=UTC)
    offer = Offer(-1, 5, "我家有轮椅可以借", "borrow", None, at)
    assert offer_item(offer, timedelta(days=7), at + timedelta(days=6)).valid
    late = offer_item(offer, timedelta(days=7), at + timedelta(days=7))
    assert not late.valid and late.valid_until == at + timedelta(days=7)
