"""The desk's texts: pages, entries and agendas render valid Telegram HTML, escape user text, fit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from handlers.domain import Offer, Status, Volunteer, VolunteerRecord
from handlers.domain.concerns import ConcernStatus, Matter
from handlers.domain.desk import Agenda, DeskList, DeskPage, OfferItem, OpenItem, Paged, VolunteerItem, offer_item
from tests.unit.test_render import HOSTILE, LOCALES, NOW, renderer, request, telegram_ok


def matter(text: str = "198号楼电梯又坏了", **changes: object) -> Matter:
    base = Matter(3, "Siming", "Lianhua", "198", "facility", text, ConcernStatus.TABLED, NOW - timedelta(days=2),
                  NOW - timedelta(hours=1), 4, 3, (-100, -200))
    return replace(base, **changes)  # type: ignore[arg-type]


def page(kind: DeskList, items: tuple[object, ...], page_no: int = 0, pages: int = 1) -> DeskPage:
    return DeskPage(kind, items, Paged(page_no, pages, 17, page_no * 8), "Lianhua")  # type: ignore[arg-type]


@pytest.mark.parametrize("locale", LOCALES)
def test_a_demand_list_page_names_the_called_and_the_wait(locale: str) -> None:
    r = renderer(locale)
    item = OpenItem(request(Status.OPEN), ("Xiao Chen", "Lao Wang"), 1)
    plain = telegram_ok(r.desk_page(page(DeskList.OPEN, (item,), 1, 3)))
    assert "9. #7" in plain and "Xiao Chen" in plain and "25" in plain and "2/3" in plain


@pytest.mark.parametrize("locale", LOCALES)
def test_the_resource_list_has_a_section_for_volunteers_and_one_for_offers(locale: str) -> None:
    r = renderer(locale)
    volunteer = VolunteerItem(Volunteer(5, "陈阿姨", "198", "Lianhua", "Siming", frozenset({"errand"}), paused=True),
                              VolunteerRecord(1, 4, 1, 0))
    valid = offer_item(Offer(-100, 6, "我家有轮椅可以借", "borrow", None, NOW), timedelta(days=7), NOW)
    expired = OfferItem(Offer(-100, 6, "ladder", None, "197", NOW - timedelta(days=9)), NOW - timedelta(days=2), False)
    plain = telegram_ok(r.desk_page(page(DeskList.VOLUNTEERS, (volunteer, valid, expired))))
    words = r.text("desk_section_volunteers"), r.text("desk_section_offers")
    assert plain.index("陈阿姨") < plain.index("轮椅") and all(w.split("<")[0] in plain for w in words)
    assert "1/2" in plain and "06-08" in plain and r.text("desk_offer_expired") in plain


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("hostile", HOSTILE)
def test_concern_texts_are_escaped_and_fit(locale: str, hostile: str) -> None:
    r = renderer(locale)
    m = matter(hostile, owner_name=hostile, note=hostile, outcome=hostile, building=hostile[:60],
               meeting=date(2025, 6, 10))
    for text in (
        r.desk_page(page(DeskList.CONCERNS, (m,) * 8)),
        r.concern_entry(m),
        r.agenda(Agenda((m,) * 30, "2025-06-10", 2, hostile[:60])),
        r.text("concern_fixed_notice", id=3, text=hostile, count=3),
    ):
        plain = telegram_ok(text)
        assert "<script>" not in text and ("<script>" not in hostile or "alert" in plain or "…" in plain)


@pytest.mark.parametrize("locale", LOCALES)
def test_empty_lists_and_agendas_say_so(locale: str) -> None:
    r = renderer(locale)
    for kind in DeskList:
        assert r.text(f"desk_empty_{kind.name.lower()}") in r.desk_page(page(kind, ()))
    assert r.text("agenda_empty") in r.agenda(Agenda((), "", 0, ""))
    assert r.text("agenda_next") in r.agenda(Agenda((matter(),), "", 1, ""))
