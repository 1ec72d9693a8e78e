"""In-memory fakes of the ports (handlers/ports/, storage/queue.py): they behave like storage, not mock it.

One FakeStore is shared by every unit of work of a FakeUnitOfWorkFactory. A unit of work works on
a private copy of the store and swaps it in on commit, so uncommitted changes vanish as they do
in a database. Fakes never await anything, so units of work do not interleave unless a test makes
them; if two ever do overlap, the second commit raises FakeConflict (a serialization failure)
rather than silently losing the first one's changes.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Self

from handlers.chat import Action, AnswerButton, ChatEvent, Delete, Edit, Send, SendFile
from handlers.domain import (
    Concern,
    Event,
    EventType,
    Grid,
    Offer,
    Person,
    Request,
    Status,
    Volunteer,
    VolunteerRecord,
)
from handlers.domain.bindings import AddedSecretary, ChatBinding
from handlers.domain.concerns import Matter, MatterEvent
from handlers.domain.feedback import Correction, Suggestion, SuggestionStatus, suggestion_of_ref
from handlers.domain.visits import RosterEntry, VisitEvent
from handlers.ports import (
    CallLog,
    ClaimResult,
    ConcernBook,
    CorrectionLog,
    DeskStore,
    EventLog,
    FigureStore,
    GridBuilding,
    GridStore,
    KnownChat,
    Lists,
    Outbox,
    PeopleRepository,
    PersonalData,
    ProcessedUpdates,
    RequestRepository,
    RosterStore,
    SuggestionStore,
    UnitOfWork,
    VolunteerRepository,
)
from storage.queue import FOLD_SECONDS, Interrupted, PendingAction, StartNow, lease_order
from tests.fake_figures import FakeFigureStore
from tests.fake_privacy import FakePersonalData
from tests.fakes_desk import FakeDeskStore, FakeRosterStore

ACTIVE = (Status.OPEN, Status.CLAIMED)
_CLAIM_END = {Status.DONE: "done", Status.EXPIRED: "expired", Status.CANCELLED: "cancelled"}


class FakeConflict(RuntimeError):
    """Two units of work overlapped and both changed the store."""


class FixedClock:
    def __init__(self, now: datetime | None = None) -> None:
        self._now = now or datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
        if self._now.tzinfo is None:
            raise ValueError("clocks are timezone-aware")

    def now(self) -> datetime:
        return self._now


class ManualClock(FixedClock):
    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment


@dataclass
class _Claim:
    request_id: int
    user_id: int
    name: str
    status: str
    claimed_at: datetime
    ended_at: datetime | None = None


@dataclass
class _Call:
    request_id: int
    user_id: int
    ring: int
    at: datetime
    declined_at: datetime | None = None


@dataclass
class _Outgoing:
    id: int
    action: Action
    request_id: int | None
    status: str = "pending"
    attempts: int = 0
    not_before: datetime | None = None
    leased_until: datetime | None = None
    started_at: datetime | None = None
    sent_at: datetime | None = None
    error: str | None = None
    message_id: int | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def chat_id(self) -> int | None:
        return None if isinstance(self.action, AnswerButton) else self.action.chat_id

    @property
    def urgent(self) -> bool:
        return isinstance(self.action, Send) and self.action.urgent

    @property
    def priority(self) -> int:
        return self.pending().priority

    def pending(self) -> PendingAction:
        return PendingAction(self.id, self.action, self.attempts, self.request_id, self.created_at)

    @property
    def ref(self) -> str | None:
        return None if isinstance(self.action, AnswerButton) else self.action.ref


@dataclass
class FakeStore:
    requests: dict[int, Request] = field(default_factory=dict)
    claims: list[_Claim] = field(default_factory=list)
    request_messages: dict[tuple[int, int], int] = field(default_factory=dict)
    calls: list[_Call] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    concerns: list[tuple[Concern, str | None]] = field(default_factory=list)
    outbox: list[_Outgoing] = field(default_factory=list)
    sent_refs: dict[str, tuple[int, int]] = field(default_factory=dict)
    processed: set[str] = field(default_factory=set)
    people: dict[int, Person] = field(default_factory=dict)
    volunteers: dict[int, Volunteer] = field(default_factory=dict)
    buildings: dict[tuple[str, str, str], GridBuilding] = field(default_factory=dict)
    chats: dict[int, KnownChat] = field(default_factory=dict)
    suggestions: dict[int, Suggestion] = field(default_factory=dict)
    corrections: list[Correction] = field(default_factory=list)
    matters: dict[int, Matter] = field(default_factory=dict)
    matter_events: list[MatterEvent] = field(default_factory=list)
    roster: dict[int, RosterEntry] = field(default_factory=dict)
    visit_events: list[tuple[int, VisitEvent]] = field(default_factory=list)
    bindings: dict[int, ChatBinding] = field(default_factory=dict)
    added_secretaries: dict[tuple[str, int], AddedSecretary] = field(default_factory=dict)
    named: dict[int, bool] = field(default_factory=dict)
    chat_holds: dict[int, datetime] = field(default_factory=dict)  # outbox_chats.held_until
    closed_chats: dict[int, str] = field(default_factory=dict)  # outbox_chats.closed_reason
    last_id: dict[str, int] = field(default_factory=dict)
    version: int = 0

    def new_id(self, table: str) -> int:
        self.last_id[table] = self.last_id.get(table, 0) + 1
        return self.last_id[table]

    def request(self, request_id: int) -> Request | None:
        """A copy with its active claimers, as the SQL repository returns it."""
        row = self.requests.get(request_id)
        if row is None:
            return None
        active = [c for c in self.claims if c.request_id == request_id and c.status == "active"]
        return replace(
            row,
            claimers=tuple(c.user_id for c in active),
            claimer_names=tuple(c.name for c in active),
            last_claim_at=max((c.claimed_at for c in active), default=None),
        )


class _Repo:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    @property
    def _db(self) -> FakeStore:
        return self._uow.store


class FakeRequestRepository(_Repo):
    async def add(self, request: Request) -> Request:
        if any((r.chat_id, r.message_id) == (request.chat_id, request.message_id) for r in self._db.requests.values()):
            raise ValueError(f"duplicate request for message {request.chat_id}/{request.message_id}")
        request_id = self._db.new_id("requests")
        self._db.requests[request_id] = replace(request, id=request_id, claimers=(), claimer_names=())
        return self._must(request_id)

    async def get(self, request_id: int) -> Request | None:
        return self._db.request(request_id)

    async def by_message(self, chat_id: int, message_id: int) -> Request | None:
        for row in self._db.requests.values():
            if (row.chat_id, row.message_id) == (chat_id, message_id):
                return self._db.request(row.id)
        linked = self._db.request_messages.get((chat_id, message_id))
        return None if linked is None else self._db.request(linked)

    async def link_message(self, request_id: int, chat_id: int, message_id: int) -> None:
        self._db.request_messages.setdefault((chat_id, message_id), request_id)

    async def active_of_requester(self, chat_id: int, user_id: int) -> list[Request]:
        found = self._select(lambda r: r.chat_id == chat_id and r.requester_id == user_id and r.status in ACTIVE)
        return sorted(found, key=lambda r: (r.posted_at, r.id), reverse=True)

    async def try_claim(self, request_id: int, user_id: int, name: str, now: datetime) -> ClaimResult:
        current = self._db.request(request_id)
        if current is None:
            return ClaimResult(False, None, "missing")
        if user_id in current.claimers:
            return ClaimResult(False, current, "already_yours")
        if current.status is not Status.OPEN:
            return ClaimResult(False, current, "closed" if current.status.is_final else "taken")
        self._db.claims.append(_Claim(request_id, user_id, name, "active", now))
        row = self._db.requests[request_id]
        if len(current.claimers) + 1 >= row.people_needed:
            row.status = Status.CLAIMED
            row.claimed_at = row.claimed_at or now
        return ClaimResult(True, self._must(request_id))

    async def release(self, request_id: int, user_id: int, now: datetime) -> Request | None:
        claim = self._active_claim(request_id, user_id)
        if claim is None:
            return None
        claim.status, claim.ended_at = "released", now
        row = self._db.requests[request_id]
        if row.status is Status.CLAIMED:
            row.status = Status.OPEN
        return self._db.request(request_id)

    async def transition(
        self, request_id: int, allowed: Collection[Status], to: Status, now: datetime
    ) -> Request | None:
        row = self._db.requests.get(request_id)
        if row is None or row.status not in allowed:
            return None
        row.status = to
        if to.is_final:
            row.closed_at = now
        if to is Status.CLAIMED and row.claimed_at is None:
            row.claimed_at = now
        if to in _CLAIM_END:
            for claim in self._db.claims:
                if claim.request_id == request_id and claim.status == "active":
                    claim.status, claim.ended_at = _CLAIM_END[to], now
        return self._db.request(request_id)

    async def save_progress(self, request: Request) -> None:
        row = self._db.requests.get(request.id)
        if row is not None:
            row.ring, row.followups = request.ring, request.followups
            row.next_due_at, row.requester_told_waiting = request.next_due_at, request.requester_told_waiting

    async def list_active(self, chat_ids: Collection[int] | None = None) -> list[Request]:
        return self._select(lambda r: r.status in ACTIVE and (chat_ids is None or r.chat_id in chat_ids))

    async def claimed_by(self, user_id: int) -> list[Request]:
        return self._select(lambda r: r.status in ACTIVE and self._active_claim(r.id, user_id) is not None)

    async def posted_since(self, since: datetime | None) -> list[Request]:
        return self._select(lambda r: since is None or r.posted_at >= since)

    async def due(self, now: datetime, limit: int) -> list[Request]:
        found = self._select(lambda r: r.status in ACTIVE and r.next_due_at is not None and r.next_due_at <= now)
        return sorted(found, key=lambda r: (r.next_due_at or now, r.id))[:limit]

    def _select(self, keep: Callable[[Request], bool]) -> list[Request]:
        rows = sorted(self._db.requests.values(), key=lambda r: (r.posted_at, r.id))
        return [self._must(r.id) for r in rows if keep(r)]

    def _active_claim(self, request_id: int, user_id: int) -> _Claim | None:
        return next(
            (c for c in self._db.claims if (c.request_id, c.user_id, c.status) == (request_id, user_id, "active")),
            None,
        )

    def _must(self, request_id: int) -> Request:
        found = self._db.request(request_id)
        assert found is not None
        return found


class FakePeopleRepository(_Repo):
    async def get(self, user_id: int) -> Person | None:
        person = self._db.people.get(user_id)
        return None if person is None else replace(person)

    async def seen(self, user_id: int, name: str, username: str | None, *, started_bot: bool = False) -> Person:
        person = self._db.people.setdefault(user_id, Person(user_id, name))
        person.name, person.username = name, username
        person.started_bot = person.started_bot or started_bot
        return replace(person)

    async def set_home(self, user_id: int, building: str, compound: str | None, community: str | None) -> None:
        person = self._db.people.setdefault(user_id, Person(user_id, ""))
        person.home_building, person.home_compound, person.home_community = building, compound, community

    async def by_username(self, username: str) -> Person | None:
        found = [p for _, p in sorted(self._db.people.items()) if (p.username or "").lower() == username.lower()]
        return replace(found[0]) if found else None


class FakeVolunteerRepository(_Repo):
    async def get(self, user_id: int) -> Volunteer | None:
        found = self._db.volunteers.get(user_id)
        return None if found is None else replace(found)

    async def save(self, volunteer: Volunteer) -> None:
        self._db.volunteers[volunteer.user_id] = replace(volunteer)

    async def serving(self, community: str) -> list[Volunteer]:
        return [
            replace(v)
            for _, v in sorted(self._db.volunteers.items())
            if v.community == community or community in v.also_serves
        ]

    async def records(self, user_ids: Collection[int], since: datetime) -> dict[int, VolunteerRecord]:
        records: dict[int, VolunteerRecord] = {}
        for user_id in user_ids:
            mine = [c for c in self._db.claims if c.user_id == user_id]
            recent = [c.status for c in mine if c.claimed_at >= since]
            calls = [c.at for c in self._db.calls if c.user_id == user_id]
            records[user_id] = VolunteerRecord(
                open_claims=sum(c.status == "active" for c in mine),
                kept=recent.count("done"),
                released=recent.count("released"),
                expired=recent.count("expired"),
                last_called_at=max(calls, default=None),
            )
        return records


class FakeCallLog(_Repo):
    async def add(self, request_id: int, user_ids: Sequence[int], ring: int, at: datetime) -> None:
        self._db.calls.extend(_Call(request_id, u, ring, at) for u in user_ids)

    async def called(self, request_id: int) -> set[int]:
        return {c.user_id for c in self._db.calls if c.request_id == request_id}

    async def declined(self, request_id: int) -> set[int]:
        return {c.user_id for c in self._db.calls if c.request_id == request_id and c.declined_at is not None}

    async def decline(self, request_id: int, user_id: int, at: datetime) -> bool:
        hit = False
        for call in self._db.calls:
            if (call.request_id, call.user_id) == (request_id, user_id) and call.declined_at is None:
                call.declined_at, hit = at, True
        return hit


class FakeEventLog(_Repo):
    async def add(self, event: Event) -> None:
        self._db.events.append(event)

    async def for_request(self, request_id: int) -> list[Event]:
        found = [(e.at, i, e) for i, e in enumerate(self._db.events) if e.request_id == request_id]
        return [e for _, _, e in sorted(found, key=lambda t: (t[0], t[1]))]


class FakeOutbox(_Repo):
    async def add(self, action: Action, *, request_id: int | None = None) -> None:
        clock = self._uow.outbox_clock
        created_at = clock() if clock is not None else datetime.now(UTC)
        self._db.outbox.append(_Outgoing(self._db.new_id("outbox"), action, request_id, created_at=created_at))


class FakeProcessedUpdates(_Repo):
    async def first_time(self, key: str) -> bool:
        if key in self._db.processed:
            return False
        self._db.processed.add(key)
        return True

    async def handled(self, event: ChatEvent) -> bool:
        return await self.first_time(f"update:{event.update_id}")


class FakeLists(_Repo):
    async def add_offer(self, offer: Offer) -> int:
        self._db.offers.append(replace(offer, id=len(self._db.offers) + 1))
        return len(self._db.offers)

    async def offers(self, chat_ids: Collection[int]) -> list[Offer]:
        found = [o for o in self._db.offers if o.chat_id in chat_ids]
        return sorted(found, key=lambda o: (o.at, o.id), reverse=True)

    async def add_concern(self, concern: Concern) -> int:
        # Same rule as the SQL version: the chat's community from its latest request, else the author's.
        chat = [r for r in self._db.requests.values() if r.chat_id == concern.chat_id and r.community]
        author = self._db.people.get(concern.user_id)
        community = concern.community or (
            max(chat, key=lambda r: r.id).community if chat else author.home_community if author else None
        )
        self._db.concerns.append((replace(concern, community=community), community))
        return len(self._db.concerns)

    async def concerns(self, community: str | None = None) -> list[Concern]:
        found = [c for c, where in self._db.concerns if community is None or where == community]
        return sorted(found, key=lambda c: c.at)


class FakeGridStore(_Repo):
    async def sync(self, grid: Grid, at: datetime) -> None:
        configured: set[tuple[str, str, str]] = set()
        chat_ids: set[int] = set()
        for community in grid.communities:
            for compound in community.compounds:
                for building in compound.buildings:
                    key = (community.name, compound.name, building)
                    x, y = compound.coordinates.get(building, (None, None))
                    configured.add(key)
                    self._db.buildings[key] = GridBuilding(*key, x, y, None)
                for chat_id in compound.chats:
                    chat_ids.add(chat_id)
                    known = self._db.chats.get(chat_id) or KnownChat(chat_id, "group", None, None, at, at, True)
                    self._db.chats[chat_id] = replace(
                        known, kind="group", community=community.name, compound=compound.name, configured=True
                    )
        for key, stored in self._db.buildings.items():
            if key not in configured and stored.retired_at is None:
                self._db.buildings[key] = replace(stored, retired_at=at)
        for chat_id, chat in self._db.chats.items():
            if chat.configured and chat_id not in chat_ids:
                self._db.chats[chat_id] = replace(chat, configured=False)

    async def chat_seen(
        self, chat_id: int, is_private: bool, compound: str | None, community: str | None, at: datetime
    ) -> None:
        known = self._db.chats.get(chat_id)
        if not is_private:
            self._db.closed_chats.pop(chat_id, None)  # heard from again: the bot was added back
        configured = not is_private and compound is not None
        first, last = (at, at) if known is None else (known.first_seen_at, max(known.last_seen_at, at))
        self._db.chats[chat_id] = KnownChat(
            chat_id,
            "private" if is_private else "group",
            community,
            compound,
            first,
            last,
            configured if known is None else known.configured,
        )

    async def chat_back(self, chat_id: int) -> None:
        self._db.closed_chats.pop(chat_id, None)

    async def buildings(self) -> list[GridBuilding]:
        return [b for _, b in sorted(self._db.buildings.items())]

    async def chats(self) -> list[KnownChat]:
        return [c for _, c in sorted(self._db.chats.items())]


class FakeSuggestionStore(_Repo):
    async def add(self, suggestion: Suggestion) -> int:
        if any((s.chat_id, s.message_id) == (suggestion.chat_id, suggestion.message_id)
               for s in self._db.suggestions.values()):
            raise FakeConflict("suggestions: unique (chat_id, message_id)")
        new_id = self._db.new_id("suggestions")
        self._db.suggestions[new_id] = replace(suggestion, id=new_id)
        return new_id

    async def get(self, suggestion_id: int) -> Suggestion | None:
        return self._db.suggestions.get(suggestion_id)

    async def by_message(self, chat_id: int, message_id: int) -> Suggestion | None:
        return next((s for s in self._db.suggestions.values() if (s.chat_id, s.message_id) == (chat_id, message_id)),
                    None)

    async def by_bot_message(self, chat_id: int, bot_message_id: int) -> Suggestion | None:
        return next(
            (s for s in self._db.suggestions.values() if (s.chat_id, s.bot_message_id) == (chat_id, bot_message_id)),
            None,
        )

    async def close(self, suggestion_id: int, to: SuggestionStatus, at: datetime) -> Suggestion | None:
        found = self._db.suggestions.get(suggestion_id)
        if found is None or found.status is not SuggestionStatus.PENDING:
            return None
        self._db.suggestions[suggestion_id] = replace(found, status=to)
        return self._db.suggestions[suggestion_id]

    async def due(self, now: datetime, limit: int) -> list[Suggestion]:
        pending = [s for s in self._db.suggestions.values()
                   if s.status is SuggestionStatus.PENDING and s.expires_at <= now]
        return sorted(pending, key=lambda s: (s.expires_at, s.id))[:limit]


class FakeCorrectionLog(_Repo):
    async def add(self, correction: Correction) -> int:
        self._db.corrections.append(correction)
        return len(self._db.corrections)

    async def all(self) -> list[Correction]:
        return sorted(self._db.corrections, key=lambda c: c.at)


class FakeConcernBook(_Repo):
    async def add(self, matter: Matter) -> Matter:
        new_id = self._db.new_id("matters")
        self._db.matters[new_id] = replace(matter, id=new_id)
        return self._db.matters[new_id]

    async def get(self, matter_id: int) -> Matter | None:
        return self._db.matters.get(matter_id)

    async def save(self, matter: Matter) -> None:
        if matter.id in self._db.matters:
            self._db.matters[matter.id] = matter

    async def open_like(self, compound: str | None, category: str | None) -> list[Matter]:
        found = [m for m in self._db.matters.values()
                 if (m.compound, m.category) == (compound, category) and m.status.is_open]
        return sorted(found, key=lambda m: (-m.residents, -m.raised, m.id))

    async def listed(self, communities: Collection[str], compound: str | None = None) -> list[Matter]:
        return [m for _, m in sorted(self._db.matters.items())
                if m.community in communities and (compound is None or m.compound == compound)]

    async def raisings(self, matter_id: int) -> list[Concern]:
        return sorted((c for c, _ in self._db.concerns if c.matter_id == matter_id), key=lambda c: c.at)

    async def log(self, event: MatterEvent) -> None:
        self._db.matter_events.append(event)

    async def history(self, matter_id: int) -> list[MatterEvent]:
        return sorted((e for e in self._db.matter_events if e.matter_id == matter_id), key=lambda e: e.at)


class FakeUnitOfWork:
    def __init__(self, factory: FakeUnitOfWorkFactory) -> None:
        self._factory = factory
        self.outbox_clock = factory.outbox_clock
        self.store = FakeStore()
        self._base = -1
        self.committed = False
        self.requests: RequestRepository = FakeRequestRepository(self)
        self.people: PeopleRepository = FakePeopleRepository(self)
        self.volunteers: VolunteerRepository = FakeVolunteerRepository(self)
        self.calls: CallLog = FakeCallLog(self)
        self.events: EventLog = FakeEventLog(self)
        self.outbox: Outbox = FakeOutbox(self)
        self.updates: ProcessedUpdates = FakeProcessedUpdates(self)
        self.lists: Lists = FakeLists(self)
        self.grid: GridStore = FakeGridStore(self)
        self.suggestions: SuggestionStore = FakeSuggestionStore(self)
        self.corrections: CorrectionLog = FakeCorrectionLog(self)
        self.concern_book: ConcernBook = FakeConcernBook(self)
        self.figures: FigureStore = FakeFigureStore(lambda: self.store)
        self.rosters: RosterStore = FakeRosterStore(self)
        self.desk: DeskStore = FakeDeskStore(self)
        self.privacy: PersonalData = FakePersonalData(self)

    async def __aenter__(self) -> Self:
        self._begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.store = FakeStore()  # drop whatever was not committed

    async def commit(self) -> None:
        self._factory.swap_in(self.store, self._base)
        self.committed = True
        self._begin()  # work after a commit is a new transaction, as with a session

    def _begin(self) -> None:
        self._base = self._factory.store.version
        self.store = copy.deepcopy(self._factory.store)


class FakeUnitOfWorkFactory:
    def __init__(self, store: FakeStore | None = None) -> None:
        self.store = store or FakeStore()
        self.commits = 0
        # What stamps an outbox item's created_at (the SQL outbox uses the wall clock).
        self.outbox_clock: Callable[[], datetime] | None = None

    def __call__(self) -> UnitOfWork:
        return FakeUnitOfWork(self)

    def swap_in(self, staged: FakeStore, base: int) -> None:
        if self.store.version != base:
            raise FakeConflict("another unit of work committed in between")
        staged.version = base + 1
        self.store = staged
        self.commits += 1

    def changed(self) -> FakeStore:
        """The committed store, for writers outside a unit of work (the outbox queue)."""
        self.store.version += 1
        return self.store


def _after(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and moment > now


class FakeOutboxQueue:
    """The outbox as the sender sees it, with the leasing rules of storage.outbox_queue."""

    def __init__(self, factory: FakeUnitOfWorkFactory) -> None:
        self._factory = factory

    async def lease(
        self, now: datetime, limit: int, lease_seconds: float, sent: Sequence[tuple[PendingAction, int | None]] = (),
        start: StartNow | None = None, per_chat: int = 1,
    ) -> list[PendingAction]:
        await self.sent_many(sent, now)
        leased = await self._lease_heads(now, limit, lease_seconds, per_chat) if limit > 0 else []
        if start is not None:
            db = self._factory.changed()
            ids = set(start(leased))
            for row in db.outbox:
                if row.id in ids and row.status == "pending":
                    row.started_at = now
        return leased

    async def _lease_heads(self, now: datetime, limit: int, lease_seconds: float, per_chat: int) -> list[PendingAction]:
        db = self._factory.changed()
        for item in db.outbox:
            if item.status == "pending" and item.chat_id in db.closed_chats and not _after(item.leased_until, now):
                item.status, item.error, item.sent_at = "failed", "the chat is closed to the bot", now
        until = now + timedelta(seconds=lease_seconds)
        leased: list[_Outgoing] = []
        for _ in range(4):  # a failed head frees its chat for another look
            progressed = False
            for item in self._heads(db, now, per_chat):
                if len(leased) >= limit:
                    break
                if isinstance(item.action, Send) and item.priority == 0 and self._fold(db, item, now):
                    progressed = True
                    continue
                if isinstance(item.action, Edit | Delete):
                    chosen = self._edit_to_send(db, item, now)
                    progressed = progressed or item.status != "pending"
                    if chosen is None:
                        continue
                    item = chosen
                item.leased_until = until
                leased.append(item)
            if not progressed or len(leased) >= limit:
                break
        return sorted((replace(o.pending(), interrupted=self._interruption(db, o)) for o in leased), key=lease_order)

    @staticmethod
    def _interruption(db: FakeStore, row: _Outgoing) -> Interrupted | None:
        if row.started_at is None:
            return None
        request = db.requests.get(row.request_id or 0)
        emergency = isinstance(row.action, Send | SendFile) and request is not None and request.emergency
        return Interrupted(row.started_at, emergency)

    def _heads(self, db: FakeStore, now: datetime, per_chat: int = 1) -> list[_Outgoing]:
        pending = [o for o in db.outbox if o.status == "pending"]
        blocked = {o.chat_id for o in pending if _after(o.leased_until, now)}
        blocked |= {chat for chat, until in db.chat_holds.items() if until > now}
        due = [o for o in pending if not _after(o.leased_until, now) and not _after(o.not_before, now)]
        chains: dict[int, list[_Outgoing]] = {}
        stopped: set[int] = set()
        for item in sorted(due, key=lambda o: (-o.priority, o.id)):  # per chat: the first in lease order ...
            if item.chat_id is None or item.chat_id in stopped:
                continue
            chain = chains.setdefault(item.chat_id, [])
            plain = isinstance(item.action, Send | SendFile) and item.priority > 0
            if chain and (not plain or len(chain) >= per_chat):
                stopped.add(item.chat_id)  # ... and the cards right behind it, up to per_chat
                continue
            chain.append(item)
            if not plain:
                stopped.add(item.chat_id)
        candidates = [o for o in due if o.chat_id is None]
        candidates += [o for chat, chain in chains.items() if chat not in blocked for o in chain]
        return sorted(candidates, key=lambda o: (-o.priority, o.id))

    @staticmethod
    def _fold(db: FakeStore, item: _Outgoing, now: datetime) -> bool:
        recent = now - timedelta(seconds=FOLD_SECONDS)
        equal = next(
            (
                o for o in db.outbox
                if o.ref == item.ref and o.chat_id == item.chat_id and o.id != item.id and item.ref is not None
                and ((o.status == "sent" and o.sent_at is not None and o.sent_at >= recent)
                     or (o.status == "pending" and _after(o.leased_until, now)))
            ),
            None,
        )  # fmt: skip
        if equal is None:
            return False
        for other in db.outbox:
            waiting = other.status == "pending" and not _after(other.leased_until, now)
            if waiting and other.ref == item.ref and other.chat_id == item.chat_id:
                other.status, other.error, other.sent_at = "superseded", f"folded into {equal.id}", now
        return True

    def _edit_to_send(self, db: FakeStore, head: _Outgoing, now: datetime) -> _Outgoing | None:
        if head.ref not in db.sent_refs:
            waiting = any(
                o.status == "pending" and isinstance(o.action, Send) and o.ref == head.ref for o in db.outbox
            )
            if not waiting:
                head.status, head.error, head.sent_at = "failed", f"no message sent under ref {head.ref}", now
            return None
        if isinstance(head.action, Delete):
            return head
        edits = [
            o
            for o in db.outbox
            if o.status == "pending" and isinstance(o.action, Edit) and o.ref == head.ref and o.chat_id == head.chat_id
        ]
        for older in edits[:-1]:
            older.status, older.error = "superseded", f"superseded by {edits[-1].id}"
        return edits[-1]

    async def sent(self, item: PendingAction, message_id: int | None, now: datetime) -> None:
        db = self._factory.changed()
        row = self._row(db, item)
        row.status, row.sent_at, row.message_id, row.leased_until, row.error = "sent", now, message_id, None, None
        action = item.action
        if isinstance(action, Send) and action.ref is not None and message_id is not None:
            db.sent_refs[action.ref] = (action.chat_id, message_id)
            suggestion_id = suggestion_of_ref(action.ref)
            if suggestion_id is not None and suggestion_id in db.suggestions:
                db.suggestions[suggestion_id] = replace(db.suggestions[suggestion_id], bot_message_id=message_id)
            parts = action.ref.split(":")
            request_id = int(parts[1]) if len(parts) in (2, 3) and parts[1].isdigit() else None
            if parts[0] in ("card", "call") and request_id in db.requests:
                db.request_messages.setdefault((action.chat_id, message_id), request_id or 0)

    async def sent_many(self, marks: Sequence[tuple[PendingAction, int | None]], now: datetime) -> None:
        for item, message_id in marks:
            await self.sent(item, message_id, now)

    async def retry_at(self, item: PendingAction, when: datetime, error: str) -> None:
        row = self._row(self._factory.changed(), item)
        row.not_before, row.attempts, row.leased_until, row.error = when, row.attempts + 1, None, error
        row.started_at = None

    async def release(self, item: PendingAction, hold_until: datetime | None) -> None:
        db = self._factory.changed()
        row = self._row(db, item)
        if row.status != "pending":
            return
        row.leased_until = row.started_at = None
        if hold_until is not None and row.chat_id is not None:
            db.chat_holds[row.chat_id] = max(hold_until, db.chat_holds.get(row.chat_id, hold_until))
        elif hold_until is not None:
            row.not_before = hold_until

    async def assumed_sent(self, item: PendingAction, now: datetime, note: str) -> None:
        row = self._row(self._factory.changed(), item)
        if row.status == "pending":
            row.status, row.sent_at, row.message_id, row.leased_until, row.error = "sent", now, None, None, note

    async def failed(self, item: PendingAction, error: str, now: datetime, *, close_chat: bool = False) -> None:
        db = self._factory.changed()
        self._end(db, item, "failed", error, now)
        chat_id = self._row(db, item).chat_id
        if close_chat and chat_id is not None:
            db.closed_chats[chat_id] = error
            for other in db.outbox:
                if other.status == "pending" and other.chat_id == chat_id and not _after(other.leased_until, now):
                    other.status, other.error, other.sent_at = "failed", "the chat is closed to the bot", now

    async def park(self, item: PendingAction, error: str, now: datetime) -> None:
        self._end(self._factory.changed(), item, "parked", error, now)

    def _end(self, db: FakeStore, item: PendingAction, status: str, error: str, now: datetime) -> None:
        row = self._row(db, item)
        row.status, row.error, row.sent_at, row.leased_until = status, error, now, None
        row.attempts += 1
        if item.request_id is not None and item.request_id in db.requests:
            detail: dict[str, object] = {"outbox_id": item.id, "status": status, "error": error}
            db.events.append(Event(item.request_id, EventType.UNDELIVERED, None, now, detail))

    async def message_of(self, ref: str) -> int | None:
        found = self._factory.store.sent_refs.get(ref)
        return found[1] if found else None

    async def pending_count(self) -> int:
        return sum(o.status == "pending" for o in self._factory.store.outbox)

    async def recent_sends(self, since: datetime) -> list[tuple[int | None, datetime]]:
        sent = [
            (o.sent_at, o.id, o.chat_id)
            for o in self._factory.store.outbox
            if o.status == "sent" and o.sent_at is not None and o.sent_at >= since
        ]
        return [(chat_id, at) for at, _, chat_id in sorted(sent, key=lambda t: (t[0], t[1]))]

    def statuses(self) -> list[tuple[int, str]]:
        """(id, status) of every outbox item, for assertions."""
        return [(o.id, o.status) for o in self._factory.store.outbox]

    def attempts(self) -> list[tuple[int, int]]:
        """(id, attempts) of every outbox item, for assertions."""
        return [(o.id, o.attempts) for o in self._factory.store.outbox]

    @staticmethod
    def _row(db: FakeStore, item: PendingAction) -> _Outgoing:
        return next(o for o in db.outbox if o.id == item.id)


__all__ = [
    "FakeConflict",
    "FakeOutboxQueue",
    "FakeStore",
    "FakeUnitOfWork",
    "FakeUnitOfWorkFactory",
    "FixedClock",
    "ManualClock",
]
