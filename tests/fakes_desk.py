"""In-memory fakes of the desk's ports (handlers/ports/visits.py, desk.py), on tests.fakes.FakeStore."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from handlers.domain import Status
from handlers.domain.bindings import AddedSecretary, ChatBinding
from handlers.domain.results import Helper, MonthResults
from handlers.domain.visits import FIGURE_OF, RosterEntry, VisitEvent, VisitFigures

if TYPE_CHECKING:
    from tests.fakes import FakeStore, FakeUnitOfWork


class _Repo:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    @property
    def _db(self) -> FakeStore:
        return self._uow.store


class FakeRosterStore(_Repo):
    async def add(self, entry: RosterEntry) -> RosterEntry:
        stored = replace(entry, id=self._db.new_id("roster"))
        self._db.roster[stored.id] = stored
        return stored

    async def get(self, entry_id: int) -> RosterEntry | None:
        return self._db.roster.get(entry_id)

    async def save(self, entry: RosterEntry) -> None:
        if entry.id in self._db.roster:
            self._db.roster[entry.id] = entry

    async def active(self, communities: Collection[str]) -> list[RosterEntry]:
        found = [e for e in self._db.roster.values() if e.community in communities and e.off_at is None]
        return sorted(found, key=lambda e: (e.community, e.compound, e.building, e.id))

    async def due(self, now: datetime, limit: int) -> list[RosterEntry]:
        found = [e for e in self._db.roster.values()
                 if e.off_at is None and e.next_due_at is not None and e.next_due_at <= now]
        return sorted(found, key=lambda e: (e.next_due_at or now, e.id))[:limit]

    async def log(self, event: VisitEvent) -> int:
        event_id = self._db.new_id("visit_events")
        self._db.visit_events.append((event_id, event))
        return event_id

    async def answered_on(self, chat_id: int, message_id: int) -> VisitEvent | None:
        found = [e for _, e in self._db.visit_events if (e.chat_id, e.message_id) == (chat_id, message_id)]
        return found[-1] if found else None

    async def history(self, entry_id: int) -> list[VisitEvent]:
        return [e for _, e in self._db.visit_events if e.roster_id == entry_id]

    async def figures(
        self, since: datetime | None, until: datetime, communities: Collection[str] | None
    ) -> VisitFigures:
        def counts(community: str) -> bool:
            return communities is None or community in communities

        tally: Counter[str] = Counter()
        for _, event in self._db.visit_events:
            entry = self._db.roster[event.roster_id]
            in_period = event.at < until and (since is None or event.at >= since)
            if event.type in FIGURE_OF and counts(entry.community) and in_period:
                tally[FIGURE_OF[event.type]] += 1
        on_roster = sum(1 for e in self._db.roster.values() if e.off_at is None and counts(e.community))
        return VisitFigures(on_roster=on_roster, **tally)

    async def logged(
        self, since: datetime | None, until: datetime | None, communities: Collection[str]
    ) -> list[tuple[RosterEntry, VisitEvent]]:
        found = [
            (self._db.roster[e.roster_id], e) for _, e in self._db.visit_events
            if (since is None or e.at >= since) and (until is None or e.at < until)
            and self._db.roster[e.roster_id].community in communities
        ]
        return sorted(found, key=lambda pair: pair[1].at)


class FakeDeskStore(_Repo):
    async def bindings(self) -> list[ChatBinding]:
        return sorted(self._db.bindings.values(), key=lambda b: (b.bound_at, b.chat_id))

    async def bind(self, binding: ChatBinding) -> None:
        self._db.bindings[binding.chat_id] = binding

    async def secretaries(self) -> list[AddedSecretary]:
        return sorted(self._db.added_secretaries.values(), key=lambda s: (s.added_at, s.user_id))

    async def add_secretary(self, added: AddedSecretary) -> bool:
        key = (added.community, added.user_id)
        if key in self._db.added_secretaries:
            return False
        self._db.added_secretaries[key] = added
        return True

    async def remove_secretary(self, community: str, user_id: int) -> bool:
        return self._db.added_secretaries.pop((community, user_id), None) is not None

    async def set_named(self, user_id: int, named: bool, at: datetime) -> None:
        self._db.named[user_id] = named

    async def is_named(self, user_id: int) -> bool:
        return self._db.named.get(user_id, False)

    async def month_results(
        self, chat_ids: Collection[int], since: datetime, until: datetime, top: int
    ) -> MonthResults:
        requests = [r for r in self._db.requests.values() if r.chat_id in chat_ids and since <= r.posted_at < until]
        ids = {r.id for r in requests}
        done: Counter[int] = Counter()
        names: dict[int, str] = {}
        for claim in self._db.claims:
            if claim.request_id in ids and claim.status == "done" and self._db.named.get(claim.user_id):
                done[claim.user_id] += 1
                names[claim.user_id] = claim.name
        ranked = sorted(done.items(), key=lambda item: (-item[1], item[0]))[:top]
        helpers = tuple(Helper(user_id, names[user_id], n) for user_id, n in ranked)
        return MonthResults(len(requests), sum(r.status is Status.DONE for r in requests), helpers)
