"""Builders for the core tests: a small grid, a renderer that says *what* would be said, and a
`World` that drives `Core.handle` the way a transport does, over the in-memory fakes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from itertools import count

from handlers.chat import (
    Action,
    AnswerButton,
    Button,
    ButtonPress,
    ChatMessage,
    Edit,
    File,
    Keyboard,
    Outcome,
    Send,
    Sender,
)
from handlers.context import Context
from handlers.core import Core
from handlers.domain import (
    Community,
    Compound,
    Concern,
    Event,
    EventType,
    Grid,
    Request,
    Status,
    Volunteer,
    VolunteerRecord,
)
from handlers.domain.concerns import Matter
from handlers.domain.desk import Agenda, DeskPage, OfferItem, OpenItem, VolunteerItem
from handlers.domain.exports import Table
from handlers.domain.figures import Counts, DayCount, Report, Totals
from handlers.domain.policy import Ladder, Policy
from handlers.domain.visits import Standing
from handlers.intake.buttons import Verb, button_data
from handlers.ladder import sweep
from handlers.ports import Reader
from handlers.understanding import read_message
from handlers.understanding.categories import CATEGORIES
from tests.fakes import FakeOutboxQueue, FakeStore, FakeUnitOfWorkFactory, ManualClock

# --- the grid -------------------------------------------------------------------------------

COMMUNITY = "深田社区"
COMPOUND = "图强小区"
OTHER_COMPOUND = "建设小区"
OTHER_COMMUNITY = "东坪社区"
SECRETARY = 1001
OTHER_SECRETARY = 1101
CHAT = -1001001  # 图强小区's group
OTHER_CHAT = -1001002  # 建设小区's group, same community
FAR_CHAT = -1002001  # 东坪社区
UNCONFIGURED_CHAT = -1009999
BOT_USERNAME = "jinlin_bot"

GRID = Grid(
    (
        Community(
            COMMUNITY,
            (SECRETARY,),
            (
                Compound(COMPOUND, COMMUNITY, ("196", "197", "198"), (CHAT,)),
                Compound(OTHER_COMPOUND, COMMUNITY, ("5", "6"), (OTHER_CHAT,)),
            ),
        ),
        Community(
            OTHER_COMMUNITY, (OTHER_SECRETARY,), (Compound("东坪小区", OTHER_COMMUNITY, ("1", "2"), (FAR_CHAT,)),)
        ),
    )
)

LADDER = Ladder(
    compound_after=timedelta(minutes=10),
    community_after=timedelta(minutes=30),
    secretaries_after=timedelta(hours=1),
    follow_up_after=timedelta(hours=2),
    overdue_after=timedelta(hours=6),
    expire_after=timedelta(hours=24),
    urgent_factor=0.25,
)

# 09:00 UTC is 17:00 in Shanghai: every volunteer is awake, nobody is in quiet hours.
START = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)  # a Monday

# People: requester, neighbours, volunteers (3xxx).
REQUESTER = 2001
NEIGHBOUR = 2002


def policy(calls_per_ring: int = 3) -> Policy:
    LADDER.validate()
    return Policy(grid=GRID, ladder=LADDER, calls_per_ring=calls_per_ring)


# --- a renderer that names what it renders --------------------------------------------------


def _values(values: dict[str, object]) -> str:
    return ",".join(f"{k}={v}" for k, v in sorted(values.items()))


def _row(*buttons: tuple[str, Verb, int]) -> tuple[Button, ...]:
    return tuple(Button(label, button_data(verb, request_id)) for label, verb, request_id in buttons)


class KeyRenderer:
    """Implements handlers.ports.Renderer with strings like "card|#1|open|called=2,3"."""

    def text(self, key: str, **values: object) -> str:
        return f"text|{key}|{_values(values)}"

    def card(self, request: Request, called: Sequence[tuple[int, str]]) -> tuple[str, Keyboard]:
        text = f"card|#{request.id}|{request.status.value}|called={','.join(str(u) for u, _ in called)}"
        keyboard: Keyboard
        if request.status is Status.OPEN:
            keyboard = (_row(("claim", Verb.CLAIM, request.id), ("cancel", Verb.CANCEL, request.id)),)
        elif request.status is Status.CLAIMED:
            keyboard = (
                _row(("done", Verb.DONE, request.id), ("release", Verb.RELEASE, request.id)),
                _row(("cancel", Verb.CANCEL, request.id)),
            )
        else:
            keyboard = ()
        return text, keyboard

    def call(self, request: Request) -> tuple[str, Keyboard]:
        return f"call|#{request.id}", (
            _row(("claim", Verb.CLAIM, request.id), ("decline", Verb.DECLINE, request.id)),
        )

    def follow_up(self, request: Request, *, in_group: bool = False) -> tuple[str, Keyboard]:
        return f"follow_up|#{request.id}" + ("|group" if in_group else ""), (
            _row(("done", Verb.DONE, request.id), ("release", Verb.RELEASE, request.id)),
        )

    def details(self, request: Request) -> str:
        return f"details|#{request.id}|{request.text}"

    def escalation(self, request: Request, key: str) -> str:
        return f"escalation|{key}|#{request.id}"

    def open_list(self, requests: Sequence[Request], total: int) -> str:
        return f"open|total={total}|ids={','.join(str(r.id) for r in requests)}"

    def report(self, report: Report) -> str:
        totals = report.section(Totals)
        c = totals.counts if totals else Counts()
        return f"report|{report.query.period.key}|total={c.total}|done={c.done}|open={c.open}"

    def category_of(self, word: str) -> str | None:
        return word if word in CATEGORIES else None

    def profile(self, volunteer: Volunteer, record: VolunteerRecord | None) -> str:
        return f"profile|{volunteer.user_id}|{','.join(sorted(volunteer.skills))}"

    def digest(
        self, community: str, requests: Sequence[Request], concerns: Sequence[Concern] = (),
        visits: Sequence[Standing] = (),
    ) -> str:
        text = f"digest|{community}|{','.join(str(r.id) for r in requests)}"
        if concerns or visits:
            text += f"|concerns={len(concerns)}|visits={','.join(str(s.entry.id) for s in visits)}"
        return text

    def roster(self, standings: Sequence[Standing]) -> str:
        return "roster|" + ",".join(f"{s.entry.id}{'!' if s.overdue else ''}" for s in standings)

    def desk_page(self, page: DeskPage) -> str:
        """"desk|c|page=0/1|total=2|#3,#1": each item by its id (requests, matters, offers) or user id."""
        shown = [_desk_item(i) for i in page.items]
        paged = page.paged
        return f"desk|{page.list.value}|page={paged.page}/{paged.pages}|total={paged.total}|" + ",".join(shown)

    def concern_entry(self, matter: Matter) -> str:
        return (f"entry|#{matter.id}|{matter.status.value}|residents={matter.residents}|raised={matter.raised}"
                f"|owner={matter.owner_name}|note={matter.note}|outcome={matter.outcome}")

    def agenda(self, agenda: Agenda) -> str:
        return f"agenda|{agenda.meeting}|tabled={agenda.tabled_now}|" + ",".join(f"#{m.id}" for m in agenda.matters)


def _desk_item(item: OpenItem | VolunteerItem | OfferItem | Matter) -> str:
    if isinstance(item, OpenItem):
        return f"#{item.request.id}:called={'+'.join(item.called)}:declined={item.declined}"
    if isinstance(item, VolunteerItem):
        return f"v{item.volunteer.user_id}:open={item.record.open_claims}:paused={item.volunteer.paused}"
    if isinstance(item, OfferItem):
        return f"offer{item.offer.id}:{'valid' if item.valid else 'expired'}"
    return f"#{item.id}"


class KeyFiles:
    """Implements handlers.ports.FileMaker with files whose bytes say what they hold."""

    def charts(self, report: Report, days: Sequence[DayCount]) -> list[File]:
        posted = sum(d.posted for d in days)
        return [File(f"chart-{n}.png", f"{n}|days={len(days)}|posted={posted}".encode()) for n in ("daily", "c", "b")]

    def workbook(self, tables: Sequence[Table], stem: str) -> File:
        return File(f"{stem}.xlsx", ";".join(f"{t.name}={len(t.rows)}" for t in tables).encode())

    def csv_archive(self, tables: Sequence[Table], stem: str) -> File:
        return File(f"{stem}-csv.zip", ";".join(f"{t.name}={len(t.rows)}" for t in tables).encode())


# --- a world to drive the core -------------------------------------------------------------


def user(user_id: int) -> Sender:
    return Sender(user_id, f"u{user_id}", f"user{user_id}")


class World:
    """A Core over fakes, a manual clock, and a sender's view of the outbox."""

    def __init__(self, calls_per_ring: int = 3, start: datetime = START, read: Reader = read_message) -> None:
        self.clock = ManualClock(start)
        self.ctx = Context(
            policy=policy(calls_per_ring),
            texts=KeyRenderer(),
            clock=self.clock,
            read=read,
            emergency_number="120",
            bot_username=BOT_USERNAME,
            files=KeyFiles(),
        )
        self.factory = FakeUnitOfWorkFactory()
        self.queue = FakeOutboxQueue(self.factory)
        self.core = Core(self.ctx, self.factory)
        self._update_ids = count(1)
        self._message_ids = count(100)
        self._sent_ids = count(9000)
        self._callbacks = count(1)

    # events ------------------------------------------------------------------------------

    def message(
        self,
        sender: int,
        text: str,
        *,
        chat: int = CHAT,
        reply_to: int | None = None,
        private: bool = False,
        edited: bool = False,
        message_id: int | None = None,
        update_id: int | None = None,
    ) -> ChatMessage:
        return ChatMessage(
            update_id=next(self._update_ids) if update_id is None else update_id,
            chat_id=sender if private else chat,
            is_private=private,
            message_id=next(self._message_ids) if message_id is None else message_id,
            sender=user(sender),
            text=text,
            at=self.clock.now(),
            reply_to_message_id=reply_to,
            edited=edited,
        )

    async def say(self, sender: int, text: str, **kwargs: object) -> Outcome:
        return await self.core.handle(self.message(sender, text, **kwargs))  # type: ignore[arg-type]

    def button(self, sender: int, data: str, *, chat: int = CHAT, message_id: int = 1) -> ButtonPress:
        return ButtonPress(
            update_id=next(self._update_ids),
            callback_id=f"cb{next(self._callbacks)}",
            chat_id=chat,
            message_id=message_id,
            sender=user(sender),
            data=data,
            at=self.clock.now(),
        )

    async def press(self, sender: int, verb: Verb, request_id: int, *, chat: int = CHAT) -> Outcome:
        return await self.core.handle(self.button(sender, button_data(verb, request_id), chat=chat))

    async def sweep(self) -> list[Outcome]:
        return await sweep(self.ctx, self.factory)

    # setup shortcuts ---------------------------------------------------------------------

    async def volunteer(self, user_id: int, args: str, *, started: bool = True, chat: int = CHAT) -> None:
        """Register by command in the group; `started`: has also written to the bot privately."""
        outcome = await self.say(user_id, f"/volunteer {args}", chat=chat)
        assert outcome.name == "volunteer_registered", outcome
        if started:
            assert (await self.say(user_id, "/start", private=True)).name == "welcome"

    async def post(self, text: str = "要下雨啦,198号楼谁家有人在,请帮我收下被子!", sender: int = REQUESTER) -> Request:
        outcome = await self.say(sender, text)
        assert outcome.name == "posted", outcome
        assert outcome.request_id is not None
        return self.request(outcome.request_id)

    # the sender's side -------------------------------------------------------------------

    async def deliver(self) -> dict[str, int]:
        """Drain the outbox as bot/sender.py would, marking every action sent; returns ref → message id."""
        refs: dict[str, int] = {}
        while items := await self.queue.lease(self.clock.now(), 100, 30):
            for item in items:
                message_id = None if isinstance(item.action, AnswerButton) else next(self._sent_ids)
                await self.queue.sent(item, message_id, self.clock.now())
                if isinstance(item.action, Send) and item.action.ref and message_id is not None:
                    refs[item.action.ref] = message_id
        return refs

    # state -------------------------------------------------------------------------------

    @property
    def store(self) -> FakeStore:
        return self.factory.store

    def request(self, request_id: int) -> Request:
        found = self.store.request(request_id)
        assert found is not None
        return found

    def requests(self) -> list[Request]:
        return [self.request(i) for i in sorted(self.store.requests)]

    def events(self, request_id: int | None = None) -> list[Event]:
        return [e for e in self.store.events if request_id is None or e.request_id == request_id]

    def event_types(self, request_id: int | None = None) -> list[EventType]:
        return [e.type for e in self.events(request_id)]

    def pending(self) -> list[Action]:
        """The outbox's pending actions, oldest first."""
        return [o.action for o in self.store.outbox if o.status == "pending"]

    def mark(self) -> int:
        """A bookmark in the outbox: `since(mark)` returns what was added after it."""
        return len(self.store.outbox)

    def since(self, mark: int) -> list[Action]:
        return [o.action for o in self.store.outbox[mark:]]

    def called(self, request_id: int) -> list[int]:
        return [c.user_id for c in self.store.calls if c.request_id == request_id]


def sends(actions: Sequence[Action], chat: int | None = None) -> list[Send]:
    return [a for a in actions if isinstance(a, Send) and (chat is None or a.chat_id == chat)]


def edits(actions: Sequence[Action]) -> list[Edit]:
    return [a for a in actions if isinstance(a, Edit)]


def answers(actions: Sequence[Action]) -> list[AnswerButton]:
    return [a for a in actions if isinstance(a, AnswerButton)]


def texts(actions: Sequence[Action]) -> list[str]:
    return [a.text or "" for a in actions]


def key_of(action: Action) -> str:
    """"text|claim_taken|…" → "claim_taken"; "card|#1|open|…" → "card"."""
    text = action.text or ""
    head, _, rest = text.partition("|")
    return rest.partition("|")[0] if head == "text" else head
