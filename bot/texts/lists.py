"""The longer messages: open requests, a volunteer's profile, the digest (the report: bot/texts/report.py).

Each stays under Telegram's 4096 characters by dropping whole lines and saying how many.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.texts.desk_lists import digest_extra
from bot.texts.fmt import LIST_BUDGET, fit, safe, utc
from bot.texts.words import Words
from handlers.domain import Concern, HourWindow, Request, Status, Volunteer, VolunteerRecord
from handlers.domain.visits import Standing
from handlers.matching.skills import skill_label


def _item(w: Words, request: Request) -> str:
    parts = [f"#{request.id}", w.building(request.building), w.category(request.category), w.status(request.status)]
    if request.claimer_names:
        parts[-1] += " (" + ", ".join(safe(n, 40) for n in request.claimer_names[:3]) + ")"
    if request.emergency:
        parts.append("🚨")
    elif request.urgent:
        parts.append("⚡")
    parts.append(w.ago(request.posted_at))
    return " · ".join(parts)


def open_list(w: Words, requests: Sequence[Request], total: int) -> str:
    if not requests:
        return w.t("list_empty")
    shown = fit([f"{n}. {_item(w, r)}" for n, r in enumerate(requests, 1)], LIST_BUDGET)
    # The caller passes only the first few of `total`; both what it held back and what did not fit count.
    hidden = max(0, total - len(shown))
    tail = [w.t("list_more", n=hidden)] if hidden else []
    return "\n".join([w.t("list_title", total=max(total, len(requests))), *shown, *tail])


def _window(window: HourWindow) -> str:
    return f"{window.start:%H:%M}–{window.end:%H:%M}"


def profile(w: Words, volunteer: Volunteer, record: VolunteerRecord | None) -> str:
    record = record or VolunteerRecord()
    sep = "、" if w.locale == "zh" else ", "
    skills = sep.join(safe(skill_label(s, w.locale), 40) for s in sorted(volunteer.skills)[:30])
    hours = ", ".join(_window(h) for h in volunteer.hours[:10])
    lines = [
        w.t("profile_title", name=safe(volunteer.name, 64)),
        w.t(
            "profile_home", building=safe(volunteer.building, 40),
            compound=safe(volunteer.compound, 60), community=safe(volunteer.community, 60),
        ),
    ]
    if volunteer.also_serves:
        lines.append(w.t("profile_also", communities=sep.join(safe(c, 60) for c in volunteer.also_serves[:10])))
    lines += [
        w.t("profile_skills", skills=skills or w.t("profile_no_skills")),
        w.t("profile_hours", hours=hours or w.t("profile_any_time")),
        w.t("profile_quiet", quiet=_window(volunteer.quiet) if volunteer.quiet else w.t("profile_no_quiet")),
        w.t("profile_paused" if volunteer.paused else "profile_active"),
    ]
    if volunteer.vetted:
        lines.append(w.t("profile_vetted"))
    lines.append(
        w.t(
            "profile_record", open=record.open_claims, kept=record.kept,
            released=record.released, expired=record.expired,
        )
    )
    return "\n".join(lines)


def digest(
    w: Words, community: str, requests: Sequence[Request], concerns: Sequence[Concern] = (),
    visits: Sequence[Standing] = (),
) -> str:
    name = safe(community, 60)
    active = sorted((r for r in requests if not r.status.is_final), key=lambda r: utc(r.posted_at))
    if not (active or concerns or visits):
        return w.t("digest_empty", community=name)
    groups: dict[str | None, list[Request]] = {}
    for request in active:  # oldest first, so the building with the oldest request leads
        groups.setdefault(request.building, []).append(request)
    # Requests take at most two thirds of the room when there is more to say.
    budget = LIST_BUDGET * 2 // 3 if concerns or visits else LIST_BUDGET
    lines: list[str] = [w.t("digest_requests", count=len(active))] if active else []
    listed = 0
    for building, members in groups.items():
        block = [f"<b>{w.building(building)}</b>", *(_digest_item(w, r) for r in members)]
        room = fit(block, budget - sum(len(line) + 1 for line in lines))
        if len(room) > 1:
            lines += room
            listed += len(room) - 1
        if len(room) < len(block):
            break
    if listed < len(active):
        lines.append(w.t("list_more", n=len(active) - listed))
    lines += digest_extra(w, concerns, visits, LIST_BUDGET - sum(len(line) + 1 for line in lines))
    return "\n".join([w.t("digest_morning", community=name), *lines])


def _digest_item(w: Words, r: Request) -> str:
    # A claimed request that has already been chased is the one a secretary should look at.
    mark = " ⚠️" if r.status is Status.CLAIMED and r.followups > 0 else ""
    return f"  · #{r.id} {w.category(r.category)} · {w.status(r.status)}{mark} · {w.ago(r.posted_at)}"
