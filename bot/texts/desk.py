"""The secretary's desk as text: a page of a list, a concern's entry, a meeting's agenda.

Pages hold a few entries (`[desk] page_size`), so they fit easily; `fit` still guards the 4096
characters against long names and words, saying how many lines it left out.
"""

from __future__ import annotations

from datetime import datetime

from bot.texts.fmt import LIST_BUDGET, fit, quote, safe, utc
from bot.texts.words import Words
from handlers.domain.concerns import Matter
from handlers.domain.desk import Agenda, DeskItem, DeskList, DeskPage, OfferItem, OpenItem, VolunteerItem
from handlers.matching.skills import skill_label

_NAMES = 5  # names shown per called line


def _sep(w: Words) -> str:
    return "、" if w.locale == "zh" else ", "


def _place(place: str) -> str:
    return f" · {safe(place, 60)}" if place else ""


def _date(w: Words, moment: datetime) -> str:
    return utc(moment).astimezone(w.timezone).strftime("%m-%d")


def _open(w: Words, item: OpenItem) -> list[str]:
    r = item.request
    parts = [f"#{r.id}", w.building(r.building), w.category(r.category), w.status(r.status)]
    if r.claimer_names:
        parts[-1] += " (" + _sep(w).join(safe(n, 40) for n in r.claimer_names[:3]) + ")"
    if r.emergency or r.urgent:
        parts.append("🚨" if r.emergency else "⚡")
    parts.append(w.t("desk_waited", age=w.age(r.posted_at)))
    names = _sep(w).join(safe(n, 40) for n in item.called[:_NAMES])
    if len(item.called) > _NAMES:
        names += " " + w.t("more_people", n=len(item.called) - _NAMES)
    called = w.t("desk_called", names=names) if item.called else w.t("desk_nobody_called")
    if item.declined:
        called += " · " + w.t("desk_declined", n=item.declined)
    return [" · ".join(parts), "    " + called]


def _volunteer(w: Words, item: VolunteerItem) -> list[str]:
    v, rec = item.volunteer, item.record
    skills = _sep(w).join(safe(skill_label(s, w.locale), 30) for s in sorted(v.skills)[:6]) or "—"
    parts = [w.building(v.building), f"<b>{safe(v.name, 40)}</b>", skills,
             w.t("desk_load", open=rec.open_claims, most=v.max_open_claims),
             w.t("desk_record", kept=rec.kept, released=rec.released, expired=rec.expired),
             w.t("desk_paused" if v.paused else "desk_active")]
    if v.vetted:
        parts.append("✔️")
    return [" · ".join(parts)]


def _offer(w: Words, item: OfferItem) -> list[str]:
    o = item.offer
    validity = w.t("desk_offer_valid", date=_date(w, item.valid_until)) if item.valid else w.t("desk_offer_expired")
    head = " · ".join([f"🎁 {w.building(o.building)}", w.category(o.category or "other"), validity])
    return [head, "    " + quote(o.text, 120)]


def _matter(w: Words, m: Matter) -> list[str]:
    parts = [f"#{m.id}", w.building(m.building), w.category(m.category or "other"), w.t(f"concern_status_{m.status}"),
             w.t("concern_count", residents=m.residents)]
    if m.owner_name:
        parts.append("👤 " + safe(m.owner_name, 40))
    lines = [" · ".join(parts), "    " + quote(m.text, 120)]
    if m.note:
        lines.append("    " + w.t("concern_note", note=safe(m.note, 160)))
    return lines


def _lines(w: Words, item: DeskItem) -> list[str]:
    if isinstance(item, OpenItem):
        return _open(w, item)
    if isinstance(item, VolunteerItem):
        return _volunteer(w, item)
    if isinstance(item, OfferItem):
        return _offer(w, item)
    return _matter(w, item)


def desk_page(w: Words, page: DeskPage) -> str:
    key = page.list.name.lower()
    title = w.t(f"desk_title_{key}", place=_place(page.place), total=page.paged.total)
    if not page.items:
        return "\n".join([title, w.t(f"desk_empty_{key}")])
    body: list[str] = []
    section: type | None = None
    for n, item in enumerate(page.items, page.paged.start + 1):
        if page.list is DeskList.VOLUNTEERS and type(item) is not section:
            section = type(item)
            body.append(w.t("desk_section_offers" if section is OfferItem else "desk_section_volunteers"))
        first, *rest = _lines(w, item)
        body += [f"{n}. {first}", *rest]
    shown = fit(body, LIST_BUDGET)
    tail = [w.t("list_more", n=len(body) - len(shown))] if len(shown) < len(body) else []
    if page.paged.pages > 1:
        tail.append(w.t("desk_page_of", page=page.paged.page + 1, pages=page.paged.pages))
    return "\n".join([title, *shown, *tail])


def concern_entry(w: Words, m: Matter) -> str:
    lines = [
        w.t("concern_title", id=m.id, building=w.building(m.building), category=w.category(m.category or "other")),
        quote(m.text, 300),
        w.t("concern_status", status=w.t(f"concern_status_{m.status}")),
        w.t("concern_raised_by", residents=m.residents, raised=m.raised, chats=max(1, len(m.chats)),
            first=_date(w, m.first_at), last=w.ago(m.last_at)),
        w.t("concern_owner", name=safe(m.owner_name, 60)) if m.owner_name else w.t("concern_no_owner"),
    ]
    if m.meeting:
        lines.append(w.t("concern_meeting", date=m.meeting.isoformat()))
    if m.note:
        lines.append(w.t("concern_note", note=safe(m.note, 600)))
    if m.outcome:
        lines.append(w.t("concern_outcome", outcome=safe(m.outcome, 600)))
    return "\n".join(lines)


def agenda(w: Words, agenda: Agenda) -> str:
    when = safe(agenda.meeting, 20) if agenda.meeting else w.t("agenda_next")
    title = w.t("agenda_title", date=when, place=_place(agenda.place))
    if not agenda.matters:
        return "\n".join([title, w.t("agenda_empty")])
    body: list[str] = []
    for n, m in enumerate(agenda.matters, 1):
        parts = [f"#{m.id}", w.building(m.building), w.category(m.category or "other"),
                 w.t("concern_count", residents=m.residents), w.t(f"concern_status_{m.status}")]
        if m.owner_name:
            parts.append("👤 " + safe(m.owner_name, 40))
        body += [f"{n}. " + " · ".join(parts), "    " + quote(m.text, 160)]
    shown = fit(body, LIST_BUDGET)
    tail = [w.t("list_more", n=len(body) - len(shown))] if len(shown) < len(body) else []
    if agenda.tabled_now:
        tail.append(w.t("agenda_tabled_now", n=agenda.tabled_now))
    return "\n".join([title, *shown, *tail])
