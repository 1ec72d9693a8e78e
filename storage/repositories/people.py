"""PeopleRepository and VolunteerRepository on SQL."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any, cast

from sqlalchemy import BindParameter, Table, bindparam, case, func, literal, null, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.domain import Person, Volunteer, VolunteerRecord
from storage.codec import window_from_text, window_to_text
from storage.repositories._pending import reads
from storage.repositories._sql import for_session, per_dialect, upsert
from storage.tables import CallRow, ClaimRow, PersonRow, VolunteerRow

# The tables, not the mapped classes: a statement naming only these skips the ORM's layers.
_PEOPLE, _VOLUNTEERS = cast(Table, PersonRow.__table__), cast(Table, VolunteerRow.__table__)
_CLAIMS, _CALLS = cast(Table, ClaimRow.__table__), cast(Table, CallRow.__table__)


class SqlPeopleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get(self, user_id: int) -> Person | None:
        row = (await self._s.execute(select(*_PEOPLE.c).where(_PEOPLE.c.user_id == user_id))).first()
        return None if row is None else _person(row)

    async def seen(self, user_id: int, name: str, username: str | None, *, started_bot: bool = False) -> Person:
        # An upsert, so two first messages from the same newcomer cannot collide on the key; the
        # row as it now is comes back from the same statement.
        values = {"user_id": user_id, "name": name, "username": username, "started_bot": started_bot}
        row = (await self._s.execute(for_session(_SEEN, self._s), values)).one()
        return _person(row)

    async def set_home(self, user_id: int, building: str, compound: str | None, community: str | None) -> None:
        home = {"home_building": building, "home_compound": compound, "home_community": community}
        await upsert(
            self._s,
            PersonRow,
            {"user_id": user_id, "name": "", "started_bot": False, **home},
            ["user_id"],
            lambda new: {k: getattr(new, k) for k in home},
        )

    async def by_username(self, username: str) -> Person | None:
        found = select(*_PEOPLE.c).where(func.lower(_PEOPLE.c.username) == username.lower()).limit(1)
        row = (await self._s.execute(found)).first()
        return None if row is None else _person(row)


def _seen(dialect: Any) -> Any:
    people = PersonRow.__table__
    stmt = dialect.insert(people)
    set_ = {"name": stmt.excluded.name, "username": stmt.excluded.username,
            "started_bot": people.c.started_bot | stmt.excluded.started_bot}  # fmt: skip
    return stmt.on_conflict_do_update(index_elements=["user_id"], set_=set_).returning(*people.c)


# Built once per dialect, its values bound: compiled once.
_SEEN = per_dialect(_seen)


def _person(row: PersonRow | Any) -> Person:
    return Person(
        user_id=row.user_id,
        name=row.name,
        username=row.username,
        home_building=row.home_building,
        home_compound=row.home_compound,
        home_community=row.home_community,
        started_bot=row.started_bot,
        locale=row.locale,
    )


class SqlVolunteerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get(self, user_id: int) -> Volunteer | None:
        row = (await self._s.execute(select(*_VOLUNTEERS.c).where(_VOLUNTEERS.c.user_id == user_id))).first()
        return None if row is None else _volunteer(row)

    async def save(self, volunteer: Volunteer) -> None:
        await upsert(self._s, VolunteerRow, _volunteer_values(volunteer), ["user_id"])

    async def serving(self, community: str) -> list[Volunteer]:
        # JSON containment differs per dialect; the few with extra communities are checked here.
        rows = await self._s.execute(_SERVING, {"community": community})
        return [
            _volunteer(row)
            for row in rows
            if row.community == community or community in (row.also_serves or ())
        ]

    async def records(self, user_ids: Collection[int], since: datetime) -> dict[int, VolunteerRecord]:
        ids = list(user_ids)
        if not ids:
            return {}
        rows = await self._s.execute(_RECORDS, {"ids": ids, "since": since})
        counts: dict[int, tuple[int, ...]] = {}
        last_call: dict[int, datetime] = {}
        for user_id, *numbers, at in rows:
            if at is not None:
                last_call[user_id] = at
            else:
                counts[user_id] = tuple(int(n) for n in numbers)
        records: dict[int, VolunteerRecord] = {}
        for user_id in ids:
            open_claims, kept, released, expired = counts.get(user_id, (0, 0, 0, 0))
            records[user_id] = VolunteerRecord(open_claims, kept, released, expired, last_call.get(user_id))
        return records


def _count(status: str, *, recent: bool = True) -> Any:
    hit = _CLAIMS.c.status == status
    if recent:
        hit = hit & (_CLAIMS.c.claimed_at >= bindparam("since"))
    return func.coalesce(func.sum(case((hit, 1), else_=0)), 0)


# Built once with their values bound; each names the tables it reads, so that what waits to be
# written for other tables waits on (repositories/_pending.py).
_SERVING = reads(
    select(*_VOLUNTEERS.c)
    .where(or_(_VOLUNTEERS.c.community == bindparam("community"), _VOLUNTEERS.c.also_serves.is_not(None)))
    .order_by(_VOLUNTEERS.c.user_id),
    _VOLUNTEERS,
)
_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
_ZERO = literal(0)
# One statement for both: each volunteer's last call (first, so the column is typed by calls.at),
# then their claims counted.
_RECORDS = reads(union_all(
    select(_CALLS.c.user_id, _ZERO, _ZERO, _ZERO, _ZERO, func.max(_CALLS.c.at))
    .where(_CALLS.c.user_id.in_(_IDS))
    .group_by(_CALLS.c.user_id),
    select(_CLAIMS.c.user_id, _count("active", recent=False), _count("done"), _count("released"), _count("expired"),
           null())
    .where(_CLAIMS.c.user_id.in_(_IDS))
    .group_by(_CLAIMS.c.user_id),
), _CALLS, _CLAIMS)  # fmt: skip


def _volunteer_values(v: Volunteer) -> dict[str, Any]:
    return {
        "user_id": v.user_id,
        "name": v.name,
        "building": v.building,
        "compound": v.compound,
        "community": v.community,
        "skills": sorted(v.skills),
        "hours": [window_to_text(w) for w in v.hours],
        "quiet": None if v.quiet is None else window_to_text(v.quiet),
        "paused": v.paused,
        "max_open_claims": v.max_open_claims,
        "vetted": v.vetted,
        "also_serves": list(v.also_serves) or None,
        "started_bot": v.started_bot,
        "registered_at": v.registered_at,
    }


def _volunteer(row: VolunteerRow | Any) -> Volunteer:
    return Volunteer(
        user_id=row.user_id,
        name=row.name,
        building=row.building,
        compound=row.compound,
        community=row.community,
        skills=frozenset(row.skills),
        hours=tuple(window_from_text(w) for w in row.hours),
        quiet=None if row.quiet is None else window_from_text(row.quiet),
        paused=row.paused,
        max_open_claims=row.max_open_claims,
        vetted=row.vetted,
        also_serves=tuple(row.also_serves or ()),
        started_bot=row.started_bot,
        registered_at=row.registered_at,
    )
