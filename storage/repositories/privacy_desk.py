"""The desk's share of forgetting (rosters, visit notes, concern matters, bindings, grants), in
SQL; storage/repositories/privacy.py calls it first, while the person's names are still there to
look for in notes that others wrote about them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.domain.privacy import REMOVED, blanked, names_of, names_them
from storage.concern_tables import ConcernRow, MatterEventRow, MatterRow
from storage.repositories._sql import rowcount
from storage.tables import ClaimRow, OutboxRow, PersonRow, RequestRow, VolunteerRow
from storage.visit_tables import AddedSecretaryRow, ChatBindingRow, NamedVolunteerRow, RosterRow, VisitEventRow

WRITTEN = ("note", "outcome")  # the concern events whose detail holds a secretary's words
NOBODY = 0  # in place of the user id of who bound a chat or granted a role: no count needs it


async def names_in_use(s: AsyncSession, user_id: int) -> tuple[str, ...]:
    found: list[str | None] = []
    for column, key in ((PersonRow.name, PersonRow.user_id), (PersonRow.username, PersonRow.user_id),
                        (VolunteerRow.name, VolunteerRow.user_id), (ClaimRow.name, ClaimRow.user_id),
                        (RequestRow.requester_name, RequestRow.requester_id),
                        (RosterRow.carer_name, RosterRow.carer_id),
                        (MatterRow.owner_name, MatterRow.owner_id)):  # fmt: skip
        values = list(await s.scalars(select(column).where(key == user_id).distinct()))
        found += [f"@{v}" for v in values if v] if column is PersonRow.username else values
    return names_of(found)


async def forget_on_desk(s: AsyncSession, user_id: int, names: Sequence[str]) -> dict[str, int]:
    return {
        "roster": await _roster(s, user_id),
        "visit notes": await _visit_notes(s, VisitEventRow.type == "note", user_id, names),
        **await _matters(s, user_id, names),
        "chat bindings": rowcount(await s.execute(
            update(ChatBindingRow).where(ChatBindingRow.bound_by == user_id).values(bound_by=NOBODY)
        )),
        "secretary grants": rowcount(await s.execute(
            delete(AddedSecretaryRow).where(AddedSecretaryRow.user_id == user_id)
        )) + rowcount(await s.execute(
            update(AddedSecretaryRow).where(AddedSecretaryRow.added_by == user_id).values(added_by=NOBODY)
        )),
        "name consent": rowcount(await s.execute(
            delete(NamedVolunteerRow).where(NamedVolunteerRow.user_id == user_id)
        )),
    }  # fmt: skip


async def forget_resident(s: AsyncSession, entry_id: int, now: datetime) -> dict[str, int]:
    """A roster resident (known by name only): the name goes, the entry leaves the roster (no
    reminder names `REMOVED`), every note on it goes, and the private messages that named them."""
    row = await s.get(RosterRow, entry_id)
    if row is None or row.name == REMOVED:
        return {"roster": 0, "visit notes": 0, "outbox": 0}
    names = names_of([row.name])
    row.name = REMOVED
    if row.off_at is None:
        row.off_at, row.next_due_at = now, None
    notes = await _visit_notes(s, (VisitEventRow.type == "note") & (VisitEventRow.roster_id == entry_id), None, ())
    sent = await s.execute(select(OutboxRow.id, OutboxRow.payload).where(OutboxRow.status != "pending",
                                                                         OutboxRow.chat_id > 0))  # fmt: skip
    outbox = 0
    for row_id, payload in sent.all():
        if names_them(payload.get("text"), names):
            await s.execute(update(OutboxRow).where(OutboxRow.id == row_id).values(payload=blanked(payload)))
            outbox += 1
    return {"roster": 1, "visit notes": notes, "outbox": outbox}


async def _roster(s: AsyncSession, user_id: int) -> int:
    """As the carer: their name on the entry goes (the secretary sees whom to reassign); as who
    added it: the id goes."""
    rows = await s.scalars(select(RosterRow).where(or_(
        (RosterRow.carer_id == user_id) & (RosterRow.carer_name != REMOVED), RosterRow.added_by == user_id
    )))  # fmt: skip
    changed = 0
    for row in rows.all():
        if row.carer_id == user_id:
            row.carer_name = REMOVED
        if row.added_by == user_id:
            row.added_by = NOBODY
        changed += 1
    return changed


async def _visit_notes(s: AsyncSession, which: Any, author: int | None, names: Sequence[str]) -> int:
    """Notes written by `author` or naming them (any of `which` when `author` is None)."""
    rows = await s.execute(select(VisitEventRow.id, VisitEventRow.actor_id, VisitEventRow.detail).where(which))
    changed = 0
    for row_id, actor, detail in rows.all():
        text = (detail or {}).get("text")
        if text in (None, REMOVED) or (author is not None and actor != author and not names_them(text, names)):
            continue
        await s.execute(update(VisitEventRow).where(VisitEventRow.id == row_id).values(detail=blanked(detail)))
        changed += 1
    return changed


async def _matters(s: AsyncSession, user_id: int, names: Sequence[str]) -> dict[str, int]:
    """Notes and outcomes they wrote or that name them, their name as a matter's owner, and a
    matter's words when they were the first to raise it (their raising's words)."""
    gone: dict[int, set[str]] = defaultdict(set)  # matter → words removed from its log
    for matter_id, said in await s.execute(
        select(ConcernRow.matter_id, ConcernRow.text)
        .where(ConcernRow.user_id == user_id, ConcernRow.matter_id.is_not(None))
    ):  # fmt: skip
        if matter_id is not None:  # filtered above; the type does not know it
            gone[matter_id].add(said)
    events = 0
    rows = await s.execute(select(MatterEventRow.id, MatterEventRow.matter_id, MatterEventRow.type,
                                  MatterEventRow.actor_id, MatterEventRow.detail)
                           .where(MatterEventRow.type.in_((*WRITTEN, "owner"))))  # fmt: skip
    for row_id, matter_id, kind, actor, detail in rows.all():
        detail = detail or {}
        if kind == "owner":
            forget = detail.get("owner_id") == user_id and detail.get("owner_name") not in (None, REMOVED)
            new = blanked(detail, "owner_name")
        else:
            text = detail.get("text")
            forget = text not in (None, REMOVED) and (actor == user_id or names_them(text, names))
            new = blanked(detail)
            if forget:
                gone[matter_id].add(str(text))
        if forget:
            await s.execute(update(MatterEventRow).where(MatterEventRow.id == row_id).values(detail=new))
            events += 1
    matters = 0
    for matter in (await s.scalars(select(MatterRow).where(or_(MatterRow.owner_id == user_id,
                                                               MatterRow.id.in_(list(gone)))))).all():  # fmt: skip
        words = gone.get(matter.id, set())
        before = (matter.owner_name, matter.note, matter.outcome, matter.text)
        if matter.owner_id == user_id and matter.owner_name is not None:
            matter.owner_name = REMOVED
        for field in ("note", "outcome", "text"):
            value = getattr(matter, field)
            if value is not None and value != REMOVED and (value in words or names_them(value, names)):
                setattr(matter, field, REMOVED)
        matters += (matter.owner_name, matter.note, matter.outcome, matter.text) != before
    return {"concern matters": matters, "concern notes": events}
