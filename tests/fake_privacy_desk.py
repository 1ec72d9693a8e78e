"""The desk's share of forgetting on the in-memory store: storage/repositories/privacy_desk.py's
rules over tests/fakes.py's lists, for the one contract of tests/integration/test_privacy_store.py."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from handlers.chat import Delete
from handlers.domain.concerns import MatterEventType
from handlers.domain.privacy import REMOVED, blanked, names_of, names_them
from handlers.domain.visits import VisitEventType

if TYPE_CHECKING:
    from tests.fakes import FakeStore

NOBODY = 0


def names_in_use(db: FakeStore, user_id: int) -> tuple[str, ...]:
    person, volunteer = db.people.get(user_id), db.volunteers.get(user_id)
    found: list[str | None] = [person.name if person else None, volunteer.name if volunteer else None]
    found += [f"@{person.username}" if person and person.username else None]
    found += [c.name for c in db.claims if c.user_id == user_id]
    found += [r.requester_name for r in db.requests.values() if r.requester_id == user_id]
    found += [e.carer_name for e in db.roster.values() if e.carer_id == user_id]
    found += [m.owner_name for m in db.matters.values() if m.owner_id == user_id]
    return names_of(found)


def forget_on_desk(db: FakeStore, user_id: int, names: Sequence[str]) -> dict[str, int]:
    counts = {"roster": 0, "visit notes": 0}
    for entry_id, entry in db.roster.items():
        if (entry.carer_id == user_id and entry.carer_name != REMOVED) or entry.added_by == user_id:
            db.roster[entry_id] = replace(
                entry, carer_name=REMOVED if entry.carer_id == user_id else entry.carer_name,
                added_by=NOBODY if entry.added_by == user_id else entry.added_by,
            )
            counts["roster"] += 1
    counts["visit notes"] = _visit_notes(db, None, user_id, names)
    counts.update(_matters(db, user_id, names))
    counts["chat bindings"] = 0
    for chat_id, binding in db.bindings.items():
        if binding.bound_by == user_id:
            db.bindings[chat_id] = replace(binding, bound_by=NOBODY)
            counts["chat bindings"] += 1
    grants = len(db.added_secretaries)
    db.added_secretaries = {k: g for k, g in db.added_secretaries.items() if g.user_id != user_id}
    counts["secretary grants"] = grants - len(db.added_secretaries)
    for key, grant in db.added_secretaries.items():
        if grant.added_by == user_id:
            db.added_secretaries[key] = replace(grant, added_by=NOBODY)
            counts["secretary grants"] += 1
    counts["name consent"] = int(db.named.pop(user_id, None) is not None)
    return counts


def forget_resident(db: FakeStore, entry_id: int, now: datetime) -> dict[str, int]:
    entry = db.roster.get(entry_id)
    if entry is None or entry.name == REMOVED:
        return {"roster": 0, "visit notes": 0, "outbox": 0}
    names = names_of([entry.name])
    off = (now, None) if entry.off_at is None else (entry.off_at, entry.next_due_at)
    db.roster[entry_id] = replace(entry, name=REMOVED, off_at=off[0], next_due_at=off[1])
    outbox = 0
    for row in db.outbox:
        action = row.action
        if row.status == "pending" or isinstance(action, Delete) or (row.chat_id or 0) <= 0:
            continue
        if names_them(action.text, names):
            row.action = replace(action, text=REMOVED)
            outbox += 1
    return {"roster": 1, "visit notes": _visit_notes(db, entry_id, None, ()), "outbox": outbox}


def _visit_notes(db: FakeStore, entry_id: int | None, author: int | None, names: Sequence[str]) -> int:
    changed = 0
    for i, (event_id, event) in enumerate(db.visit_events):
        text = event.detail.get("text")
        if event.type is not VisitEventType.NOTE or text in (None, REMOVED):
            continue
        if entry_id is not None and event.roster_id != entry_id:
            continue
        if author is not None and event.actor_id != author and not names_them(text, names):
            continue
        db.visit_events[i] = (event_id, replace(event, detail=blanked(event.detail)))
        changed += 1
    return changed


def _matters(db: FakeStore, user_id: int, names: Sequence[str]) -> dict[str, int]:
    gone: dict[int, set[str]] = defaultdict(set)
    for concern, _ in db.concerns:
        if concern.user_id == user_id and concern.matter_id is not None:
            gone[concern.matter_id].add(concern.text)
    events = 0
    for i, event in enumerate(db.matter_events):
        detail = event.detail
        if event.type is MatterEventType.OWNER:
            forget, new = detail.get("owner_id") == user_id and detail.get("owner_name") not in (None, REMOVED), \
                blanked(detail, "owner_name")  # fmt: skip
        elif event.type in (MatterEventType.NOTE, MatterEventType.OUTCOME):
            text = detail.get("text")
            forget, new = text not in (None, REMOVED) and (event.actor_id == user_id or names_them(text, names)), \
                blanked(detail)  # fmt: skip
            if forget:
                gone[event.matter_id].add(str(text))
        else:
            continue
        if forget:
            db.matter_events[i] = replace(event, detail=new)
            events += 1
    matters = 0
    for matter_id, matter in db.matters.items():
        if matter.owner_id != user_id and matter_id not in gone:
            continue
        words = gone.get(matter_id, set())
        changes: dict[str, object] = {}
        if matter.owner_id == user_id and matter.owner_name not in (None, REMOVED):
            changes["owner_name"] = REMOVED
        for field in ("note", "outcome", "text"):
            value = getattr(matter, field)
            if value is not None and value != REMOVED and (value in words or names_them(value, names)):
                changes[field] = REMOVED
        if changes:
            db.matters[matter_id] = replace(matter, **changes)  # type: ignore[arg-type]
            matters += 1
    return {"concern matters": matters, "concern notes": events}
