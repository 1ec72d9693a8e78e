"""What each message shows of a request's private numbers: the group and callees masked, the
claimer and the secretaries in full."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.render import HtmlRenderer
from handlers.domain import Request, Status
from handlers.domain.privacy import REMOVED
from tests.unit.test_render import LOCALES, renderer, request, telegram_ok

TEXT = "198号楼1502的张奶奶摔倒了,电话13812345678,门锁密码 2580 & <快>"
PRIVATE = ("13812345678", "1502", "2580")


def private(status: Status = Status.OPEN) -> Request:
    return replace(request(status), text=TEXT)


def shows_none(text: str) -> None:
    plain = telegram_ok(text)
    for secret in PRIVATE:
        assert secret not in plain
    assert "138****5678" in plain


@pytest.mark.parametrize("locale", LOCALES)
def test_the_card_masks_and_says_who_can_read_it(locale: str) -> None:
    r = renderer(locale)
    open_text, _ = r.card(private(), [])
    shows_none(open_text)
    assert r.t("private_hidden_open") in open_text
    claimed_text, _ = r.card(private(Status.CLAIMED), [])
    shows_none(claimed_text)
    assert "@jinlin_bot" in claimed_text and "/start" in claimed_text
    done_text, _ = r.card(private(Status.DONE), [])
    shows_none(done_text)
    assert "/start" not in done_text  # nothing left to claim or read


@pytest.mark.parametrize("locale", LOCALES)
def test_a_card_with_nothing_private_has_no_privacy_line(locale: str) -> None:
    r = renderer(locale)
    text, _ = r.card(request(Status.CLAIMED), [])
    assert "🔒" not in text


def test_without_a_username_the_card_still_says_where_to_go() -> None:
    text, _ = HtmlRenderer("zh", renderer("zh").timezone, "120", "").card(private(Status.CLAIMED), [])
    assert "机器人" in telegram_ok(text)


@pytest.mark.parametrize("locale", LOCALES)
def test_calls_and_group_follow_ups_mask_private_and_secretary_notes_do_not(locale: str) -> None:
    r = renderer(locale)
    shows_none(r.call(private())[0])
    shows_none(r.follow_up(private(Status.CLAIMED), in_group=True)[0])
    for full in (
        r.follow_up(private(Status.CLAIMED))[0],
        r.details(private(Status.CLAIMED)),
        r.escalation(private(), "escalated_to_secretary"),
    ):
        plain = telegram_ok(full)
        assert all(secret in plain for secret in PRIVATE)
        assert "&amp; &lt;快&gt;" in full  # escaped, as everywhere


@pytest.mark.parametrize("locale", LOCALES)
def test_a_removed_text_reads_as_removed(locale: str) -> None:
    r = renderer(locale)
    text, _ = r.card(replace(request(Status.DONE), text=REMOVED), [])
    assert REMOVED not in text
    assert r.t("private_text_removed") in telegram_ok(text)
