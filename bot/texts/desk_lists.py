"""The desk's longer messages: the visit roster, and the digest's concerns and visits. They are
sent only privately, to secretaries: roster residents may be named here, never in a group."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.texts.fmt import LIST_BUDGET, fit, quote, safe, utc
from bot.texts.words import Words
from handlers.domain import Concern
from handlers.domain.visits import Due, Standing

CONCERNS_SHOWN = 5


def _day(w: Words, moment: datetime) -> str:
    return utc(moment).astimezone(w.timezone).strftime("%m-%d")


def _marks(w: Words, standing: Standing) -> str:
    marks = [w.t("roster_overdue")] if standing.overdue else []
    marks += [w.t(f"roster_due_{due}") for due in standing.due_today if due is not Due.OVERDUE]
    return " · ".join(marks)


def _item(w: Words, standing: Standing) -> str:
    e = standing.entry
    line = w.t("roster_item", id=e.id, name=safe(e.name, 64), building=safe(e.building, 40),
               need=w.t(f"need_{e.need}"), carer=safe(e.carer_name, 64))
    marks = _marks(w, standing)
    return line + (" · " + marks if marks else "")


def roster(w: Words, standings: Sequence[Standing]) -> str:
    if not standings:
        return w.t("roster_empty")
    lines: list[str] = []
    for s in standings:
        e = s.entry
        lines.append(_item(w, s))
        lines.append(w.t("roster_cadence", contact=e.contact_every, visit=e.visit_every,
                         next_contact=_day(w, e.contact_due_at), next_visit=_day(w, e.visit_due_at)))
    shown = fit(lines, LIST_BUDGET)
    hidden = (len(lines) - len(shown) + 1) // 2
    tail = [w.t("list_more", n=hidden)] if hidden else []
    return "\n".join([w.t("roster_title", count=len(standings)), *shown, *tail])


def digest_extra(w: Words, concerns: Sequence[Concern], visits: Sequence[Standing], budget: int) -> list[str]:
    """The digest's concerns (newest first) and visits due today, within `budget` characters."""
    lines: list[str] = []
    if visits:
        lines.append(w.t("digest_visits", count=len(visits)))
        lines += ["  · " + _item(w, s) for s in visits]
    if concerns:
        newest = sorted(concerns, key=lambda c: utc(c.at), reverse=True)[:CONCERNS_SHOWN]
        lines.append(w.t("digest_concerns", count=len(concerns)))
        for concern in newest:
            where = w.building(concern.building)
            head = " · ".join([where, w.category(concern.category or "other"), w.ago(concern.at)])
            lines.append(f"  · {head}{quote(concern.text, 120)}")
    shown = fit(lines, budget)
    return shown + ([w.t("list_more", n=len(lines) - len(shown))] if len(shown) < len(lines) else [])
