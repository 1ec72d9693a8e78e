"""The secretary's report as a message: a title, then each section the report holds, in order.

`SECTIONS` maps a section's type to the lines it draws; a feature that adds a section (visits)
adds its drawing here. A section nobody draws is left out of the text (it is still in the JSON).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from bot.texts.fmt import safe
from bot.texts.words import Words
from handlers.domain import Report, Status
from handlers.domain.figures import ByBuilding, ByCategory, Honours, OldestOpen, Section, Tally, Totals, Visits

_TOP = 8  # buildings and categories shown


def _date(moment: datetime, w: Words) -> str:
    return moment.astimezone(w.timezone).strftime("%Y-%m-%d")


def title(w: Words, report: Report) -> list[str]:
    period = report.query.period
    key = f"period_{period.key}"
    lines = [w.t("report_title", period=w.t(key) if w.has(key) else safe(period.key, 30))]
    if period.since is not None:
        last = (period.until or w.now()) - timedelta(microseconds=1)
        lines.append(w.t("report_span", since=_date(period.since, w), until=_date(last, w)))
    what = [w.building(report.query.building)] if report.query.building else []
    what += [w.category(report.query.category)] if report.query.category else []
    if what:
        lines.append(w.t("report_filter", what=" · ".join(what)))
    return lines


def _totals(w: Words, s: Totals) -> list[str]:
    c = s.counts
    rate = "—" if s.resolved_rate is None else f"{s.resolved_rate:.0%}"
    return [
        w.t("report_totals", total=c.total, done=c.done, claimed=c.claimed, open=c.open,
            cancelled=c.cancelled, expired=c.expired),
        w.t("report_rate", rate=rate, escalated=c.escalated, to_secretaries=c.to_secretaries),
        w.t("report_medians", claim=w.duration(s.median_seconds_to_claim), done=w.duration(s.median_seconds_to_done)),
    ]  # fmt: skip


def _tally(w: Words, rows: tuple[Tally, ...], name: Callable[[str | None], str]) -> str:
    shown = [w.t("report_tally", name=name(t.key), total=t.total, done=t.done) for t in rows[:_TOP]]
    return " · ".join(shown) + (" · …" if len(rows) > _TOP else "") if shown else "—"


def _by_building(w: Words, s: ByBuilding) -> list[str]:
    return [w.t("report_buildings", items=_tally(w, s.rows, w.building))]


def _by_category(w: Words, s: ByCategory) -> list[str]:
    return [w.t("report_categories", items=_tally(w, s.rows, lambda key: w.category(key or "other")))]


def _honours(w: Words, s: Honours) -> list[str]:
    items = " · ".join(f"{safe(h.name, 40)} ({h.done})" for h in s.rows) or "—"
    return [w.t("report_helpers", items=items)]


def _oldest(w: Words, s: OldestOpen) -> list[str]:
    if not s.rows:
        return []
    rows = [
        f"  · #{r.id} {w.building(r.building)} · {w.category(r.category)} · {w.status(Status(r.status))} · "
        f"{w.ago(r.posted_at)}"
        for r in s.rows
    ]
    return [w.t("report_oldest"), *rows]


def _visits(w: Words, s: Visits) -> list[str]:
    """Counts only (a roster's residents are never named in a report); nothing when no one is on it."""
    v = s.figures
    if not any(v.as_json().values()):
        return []
    return [
        w.t("report_visits", on_roster=v.on_roster, visits_done=v.visits_done, visits_due=v.visits_due,
            contacts_done=v.contacts_done, contacts_due=v.contacts_due),
        w.t("report_visits_attention", overdue=v.visits_overdue, help=v.help_requests),
    ]  # fmt: skip


SECTIONS: dict[type[Any], Callable[[Words, Any], list[str]]] = {
    Totals: _totals, ByBuilding: _by_building, ByCategory: _by_category, Honours: _honours, OldestOpen: _oldest,
    Visits: _visits,
}  # fmt: skip


def draw(section: Section, w: Words) -> list[str]:
    found = SECTIONS.get(type(section))
    return found(w, section) if found else []


def report(w: Words, figures: Report) -> str:
    lines = title(w, figures)
    for section in figures.sections:
        lines += draw(section, w)
    return "\n".join(lines)
