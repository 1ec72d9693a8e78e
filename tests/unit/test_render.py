"""The renderer: both locales complete, user text escaped, valid Telegram HTML, sane keyboards."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.fakeapi.errors import ApiError
from bot.fakeapi.markup import MAX_CALLBACK_DATA, MAX_TEXT, strip_html, utf16_len
from bot.render import HtmlRenderer
from bot.texts import CATALOGS, placeholders, zh
from handlers.chat import Keyboard
from handlers.domain import HourWindow, Report, Request, Status, Volunteer, VolunteerRecord
from handlers.domain.figures import (
    ByBuilding,
    ByCategory,
    Counts,
    Helper,
    Honours,
    OldestOpen,
    Tally,
    Totals,
    Waiting,
)
from handlers.domain.report_args import PERIOD_WORDS, PERIODS, Period, ReportQuery
from handlers.intake.buttons import Verb, parse_button_data
from handlers.matching.skills import CATEGORY_SKILLS, SKILL_LABELS
from handlers.ports import Renderer
from handlers.table import MENU

NOW = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
TZ = ZoneInfo("Asia/Shanghai")
LOCALES = ("zh", "en")
HOSTILE = [
    "<script>alert(1)</script>",
    "Tom & Jerry <3 a<b",
    "<b>unclosed bold",
    "</blockquote></a><i>",
    "&amp; &lt; &#x3c; &foo;",
    "🆘🙋‍♀️👨‍👩‍👧 救命",
    "\u202eمرحبا بالعالم\u202c שלום",
    "x" * 10_000,
    "&<" * 3_000,
    "{id} {name} {0}",
]

# Representative values for every key a handler passes to text(); the handlers' own call sites.
VALUES: dict[str, object] = {
    "chat_id": -1001234567890,
    "name": "Li Wei <li>",
    "building": "198",
    "skills": ["doctor", "cook", "weird<tag>"],
    "unknown": ["会修自行车", "<b>juggling"],
    "private_hint": True,
    "known": "1, 2, 3, 198",
    "periods": " | ".join(PERIODS),
    "id": 42,
    "claimers": "王 & 李",
    "number": "120",
    "word": "soon<b>",
}


def renderer(locale: str, username: str = "jinlin_bot") -> HtmlRenderer:
    return HtmlRenderer(locale, TZ, "120", username, clock=lambda: NOW)


def request(status: Status = Status.OPEN, **changes: object) -> Request:
    base = Request(
        id=7, chat_id=-100, message_id=10, requester_id=1, requester_name="Auntie Zhang", text="要下雨啦,帮我收下被子!",
        category="laundry", building="198", compound="Lianhua", community="Siming", urgent=True, emergency=False,
        status=status, posted_at=NOW - timedelta(minutes=25),
    )
    if status is Status.CLAIMED:
        base = replace(base, claimers=(5,), claimer_names=("Xiao Chen",), claimed_at=NOW - timedelta(minutes=5))
    return replace(base, **changes)  # type: ignore[arg-type]


def telegram_ok(text: str) -> str:
    """What Telegram would store; raises like the Bot API on bad HTML or overlong text."""
    try:
        plain = strip_html(text)
    except ApiError as error:  # pragma: no cover - the message says which tag
        pytest.fail(f"invalid Telegram HTML: {error}\n{text[:500]}")
    assert plain.strip()
    assert utf16_len(plain) <= MAX_TEXT and len(text) <= MAX_TEXT
    return plain


def buttons(keyboard: Keyboard) -> list[tuple[Verb, int]]:
    parsed = []
    for row in keyboard:
        for button in row:
            assert button.text
            assert 0 < len(button.data.encode()) <= MAX_CALLBACK_DATA
            result = parse_button_data(button.data)
            assert result is not None, button.data
            parsed.append(result)
    return parsed


# --- catalogs ---------------------------------------------------------------------------


def test_locales_have_the_same_keys_and_placeholders() -> None:
    zh, en = CATALOGS["zh"], CATALOGS["en"]
    assert set(zh) == set(en)
    for key in zh:
        assert placeholders(zh[key]) == placeholders(en[key]), key


def test_catalogs_cover_categories_commands_and_statuses() -> None:
    for catalog in CATALOGS.values():
        for category in CATEGORY_SKILLS:
            assert f"cat_{category}" in catalog
        for status in Status:
            assert f"status_{status.value}" in catalog
        for period in PERIOD_WORDS.values():
            assert f"period_{period}" in catalog


@pytest.mark.parametrize("locale", LOCALES)
def test_every_key_renders_with_representative_values(locale: str) -> None:
    r = renderer(locale)
    for key, entry in CATALOGS[locale].items():
        # Internal pieces (card lines, list rows) take other names; give those a hostile string.
        values = {name: VALUES.get(name, "5 <x> & y") for name in placeholders(entry)}
        telegram_ok(r.text(key, **values))
        telegram_ok(r.text(key, **values, unused="ignored"))


@pytest.mark.parametrize("locale", LOCALES)
def test_command_descriptions_are_plain_and_short(locale: str) -> None:
    r = renderer(locale)
    for name in MENU:
        description = r.text(f"cmd_{name}")
        assert 0 < len(description) <= 256 and "<" not in description and "&" not in description


def test_unknown_key_raises_and_extra_values_are_ignored() -> None:
    r = renderer("en")
    with pytest.raises(KeyError):
        r.text("no_such_key")
    assert r.text("thanks", id=1, whatever="x") == r.text("thanks")


def test_locale_tags_fall_back() -> None:
    assert renderer("zh-CN").text("cancelled_ok") == renderer("zh").text("cancelled_ok")
    assert renderer("fr").text("cancelled_ok") == renderer("en").text("cancelled_ok")


def test_renderer_satisfies_the_port() -> None:
    port: Renderer = renderer("zh")
    assert port.text("thanks") == zh.TEXTS["thanks"]


# --- escaping ---------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("hostile", HOSTILE)
def test_values_passed_to_text_are_escaped(locale: str, hostile: str) -> None:
    r = renderer(locale)
    for key in ("claim_taken", "home_ok", "unknown_building", "volunteer_ok", "report_usage"):
        values = dict(VALUES, claimers=hostile, building=hostile, known=hostile, name=hostile, periods=hostile,
                      unknown=[hostile], skills=[hostile])
        plain = telegram_ok(r.text(key, **values))
        if len(hostile) < 50:  # short values survive whole: escaped, not mangled
            assert hostile in plain, key


@pytest.mark.parametrize("locale", LOCALES)
def test_toasts_stay_under_telegrams_200_characters(locale: str) -> None:
    r = renderer(locale)
    crowd = "、".join(["名字很长的邻居 & co"] * 100)
    for key in ("own_request", "not_yours", "already_closed", "only_requester_cancels", "claim_taken",
                "claim_closed", "claim_already_yours", "claim_missing", "claim_won", "thanks", "cancelled_ok",
                "released_ok", "decline_ok", "decline_noop", "button_unknown", "suggest_not_yours", "suggest_gone",
                "suggest_ok", "not_request_ok", "only_requester_withdraws"):
        toast = r.text(key, id=123456789, claimers=crowd)
        assert len(toast) <= 200 and "<" not in toast, key


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("hostile", HOSTILE)
def test_card_escapes_hostile_text_and_names(locale: str, hostile: str) -> None:
    r = renderer(locale)
    for status in Status:
        req = request(status, text=hostile, requester_name=hostile, building=hostile[:20], category=hostile[:20])
        if req.claimers:
            req = replace(req, claimer_names=(hostile,))
        text, keyboard = r.card(req, [(9, hostile), (10, "Bob")])
        plain = telegram_ok(text)
        assert "<script>" not in text
        if len(hostile) < 300:
            assert hostile.strip() in plain
        buttons(keyboard)
    for render in (r.call, r.follow_up):
        text, keyboard = render(request(text=hostile, requester_name=hostile))
        telegram_ok(text)
        buttons(keyboard)
    telegram_ok(r.escalation(request(text=hostile, compound=hostile), "escalated_to_secretary"))


def test_long_text_is_truncated_with_an_ellipsis() -> None:
    text, _ = renderer("en").card(request(text="y" * 10_000), [])
    plain = telegram_ok(text)
    assert "…" in plain and len(plain) < 600


def test_mentions_link_to_the_user() -> None:
    text, _ = renderer("en").card(request(), [(123, "Ann <x>")])
    assert '<a href="tg://user?id=123">Ann &lt;x&gt;</a>' in text


# --- cards and keyboards ----------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_open_card_claims_first_then_cancels(locale: str) -> None:
    text, keyboard = renderer(locale).card(request(), [(3, "Ann"), (4, "Bob")])
    assert buttons(keyboard) == [(Verb.CLAIM, 7), (Verb.CANCEL, 7), (Verb.WITHDRAW, 7)]
    plain = telegram_ok(text)
    assert "#7" in plain and "198" in plain and "Ann" in plain and "🆘" in plain


@pytest.mark.parametrize("locale", LOCALES)
def test_claimed_card_offers_done_release_and_cancel(locale: str) -> None:
    text, keyboard = renderer(locale).card(request(Status.CLAIMED), [])
    assert buttons(keyboard) == [(Verb.DONE, 7), (Verb.RELEASE, 7), (Verb.CANCEL, 7), (Verb.WITHDRAW, 7)]
    assert '<a href="tg://user?id=5">Xiao Chen</a>' in text


def test_partly_claimed_card_stays_open_and_counts() -> None:
    req = request(people_needed=3, claimers=(5, 6), claimer_names=("A", "B"))
    text, keyboard = renderer("en").card(req, [])
    plain = telegram_ok(text)
    assert "2/3" in plain and "needs 3 people" in plain
    assert buttons(keyboard)[0] == (Verb.CLAIM, 7)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("status", [Status.DONE, Status.CANCELLED, Status.EXPIRED])
def test_final_cards_have_no_keyboard(locale: str, status: Status) -> None:
    text, keyboard = renderer(locale).card(request(status), [(3, "Ann")])
    assert keyboard == ()
    assert "Ann" not in telegram_ok(text)


def test_emergency_card_and_message() -> None:
    r = renderer("en")
    text, _ = r.card(request(emergency=True), [])
    assert "🚨" in text
    alert = r.text("emergency", number="120")
    assert "120" in alert and "🚨" in alert and "<b>" in alert
    assert alert.index("120") < 40  # the number comes before anything else


def test_many_called_volunteers_are_capped() -> None:
    called = [(i, f"Neighbour {i}") for i in range(500)]
    text, _ = renderer("en").card(request(), called)
    plain = telegram_ok(text)
    assert "and 490 more" in plain


@pytest.mark.parametrize("locale", LOCALES)
def test_call_and_follow_up_keyboards(locale: str) -> None:
    r = renderer(locale)
    text, keyboard = r.call(request())
    assert buttons(keyboard) == [(Verb.CLAIM, 7), (Verb.DECLINE, 7)]
    assert "http" not in telegram_ok(text)
    text, keyboard = r.follow_up(request(Status.CLAIMED))
    assert buttons(keyboard) == [(Verb.DONE, 7), (Verb.RELEASE, 7)]
    assert "#7" in telegram_ok(text)


@pytest.mark.parametrize("locale", LOCALES)
def test_escalations_name_the_request_and_its_age(locale: str) -> None:
    r = renderer(locale)
    nobody = telegram_ok(r.escalation(request(), "escalated_to_secretary"))
    assert "#7" in nobody and "25" in nobody
    overdue = telegram_ok(r.escalation(request(Status.CLAIMED), "overdue_to_secretary"))
    assert "Xiao Chen" in overdue and "5" in overdue
    with pytest.raises(KeyError):
        r.escalation(request(), "nonsense")


def test_private_hint_links_to_the_bot_when_known() -> None:
    with_name = renderer("en").text("volunteer_ok", **VALUES)
    assert "https://t.me/jinlin_bot?start=volunteer" in with_name
    without = renderer("en", username="").text("volunteer_ok", **VALUES)
    assert "t.me" not in without and "/start" in without
    assert "Doctor" in with_name and "医生" in renderer("zh").text("volunteer_ok", **VALUES)


# --- lists ------------------------------------------------------------------------------


def _many(n: int) -> list[Request]:
    return [
        request(Status.OPEN if i % 2 else Status.CLAIMED, id=i, building=str(i % 7), text="t" * 400,
                posted_at=NOW - timedelta(minutes=3 * i), claimer_names=("<evil>" * 20,) if i % 2 == 0 else ())
        for i in range(1, n + 1)
    ]


@pytest.mark.parametrize("locale", LOCALES)
def test_open_list_empty_full_and_truncated(locale: str) -> None:
    r = renderer(locale)
    assert telegram_ok(r.open_list([], 0))
    short = telegram_ok(r.open_list(_many(3), 3))
    assert "#1" in short and "#3" in short
    more = telegram_ok(r.open_list(_many(30), 45))
    assert "15" in more.splitlines()[-1]
    huge = telegram_ok(r.open_list(_many(300), 300))
    assert "…" in huge.splitlines()[-1]


def report_of(period: Period, *sections: object, building: str | None = None) -> Report:
    return Report(ReportQuery(period, building, None), ("Siming",), sections)  # type: ignore[arg-type]


@pytest.mark.parametrize("locale", LOCALES)
def test_report_empty_and_full(locale: str) -> None:
    r = renderer(locale)
    week = Period("week", NOW - timedelta(days=3), None)
    empty = telegram_ok(r.report(report_of(week, Totals(Counts(), None, None), ByBuilding(()), Honours(()))))
    assert "—" in empty and "2025-05-29" in empty
    keys = [*CATEGORY_SKILLS, "weird<cat>"]
    full = report_of(
        Period("2025-05", NOW - timedelta(days=31), NOW),
        Totals(Counts(total=40, done=30, open=10, escalated=4, to_secretaries=1), 900.0, 7200.0),
        ByBuilding((*tuple(Tally(f"B{i}<", 20 - i, i) for i in range(12)), Tally(None, 1, 0))),
        ByCategory(tuple(Tally(k, 3, 1) for k in keys)),
        Honours((Helper("<Ann & Co>", 7), Helper("Li", 3))),
        OldestOpen((Waiting(5, "198", "repair", "open", NOW - timedelta(days=2)),)),
        building="198",
    )
    text = telegram_ok(r.report(full))
    assert "40" in text and "75%" in text and "15" in text  # 15 min median to claim
    assert "<Ann & Co> (7)" in text and "#5" in text and "…" in text


def test_report_durations_read_naturally() -> None:
    r = renderer("en")
    assert r.duration(None) == "—"
    assert r.duration(30) == "under a minute"
    assert r.duration(180) == "3 min"
    assert r.duration(4800) == "1 h 20 min"
    assert r.duration(3 * 86400 + 7200) == "3 d 2 h"
    assert renderer("zh").duration(4800) == "1 小时 20 分钟"


@pytest.mark.parametrize("locale", LOCALES)
def test_profile_bare_and_full(locale: str) -> None:
    r = renderer(locale)
    bare = Volunteer(1, "Ann", "198", "Lianhua", "Siming", quiet=None)
    assert telegram_ok(r.profile(bare, None))
    full = replace(
        bare, name="<Ann & Co>", skills=frozenset(SKILL_LABELS) | {"odd<skill>"}, paused=True, vetted=True,
        hours=(HourWindow(time(8), time(12)), HourWindow(time(18), time(21))), quiet=HourWindow(time(22), time(7)),
        also_serves=("Huli",),
    )
    plain = telegram_ok(r.profile(full, VolunteerRecord(open_claims=1, kept=12, released=2, expired=1)))
    assert "<Ann & Co>" in plain and "08:00–12:00" in plain and "22:00–07:00" in plain and "12" in plain


@pytest.mark.parametrize("locale", LOCALES)
def test_digest_groups_by_building_oldest_first(locale: str) -> None:
    r = renderer(locale)
    assert "Siming" in telegram_ok(r.digest("Siming", []))
    reqs = [
        request(id=1, building="3", posted_at=NOW - timedelta(hours=1)),
        request(id=2, building="198", posted_at=NOW - timedelta(hours=5)),
        request(id=3, building="3", posted_at=NOW - timedelta(hours=9)),
        request(Status.DONE, id=4, building="5"),
        request(id=5, building=None, posted_at=NOW - timedelta(minutes=2)),
    ]
    plain = telegram_ok(r.digest("<Siming>", reqs))
    assert plain.index("#3") < plain.index("#1") < plain.index("#2") < plain.index("#5")
    assert "#4" not in plain
    assert telegram_ok(r.digest("Siming", _many(400))).splitlines()[-1].startswith("…")
