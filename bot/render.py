"""Everything the bot says, as Telegram HTML, in the configured locale (zh or en).

Implements handlers.ports.Renderer. The rule that keeps messages from being rejected (or abused):
every value that came from a user is clipped and escaped here, never in the handlers, and our
own markup sticks to tags Telegram accepts (<b>, <i>, <a href>, <code>, <blockquote>).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.texts import desk, desk_lists, fill, lists
from bot.texts import report as report_text
from bot.texts.fmt import people, plain_text, quote, safe
from bot.texts.words import Words
from handlers.chat import Button, Keyboard
from handlers.domain import Concern, Request, Status, Volunteer, VolunteerRecord
from handlers.domain.concerns import Matter
from handlers.domain.desk import Agenda, DeskPage
from handlers.domain.figures import Report
from handlers.domain.privacy import REMOVED
from handlers.domain.visits import Standing
from handlers.intake.buttons import Verb, button_data
from handlers.understanding.privacy import mask_private

# Names and words inside a short sentence; long enough for any real name, short enough that a
# hostile value cannot push a reply past Telegram's limits (toasts allow only 200 characters).
_VALUE_LIMIT = 120
_ITEM_LIMIT = 60


def _escaped(value: object) -> object:
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [safe(str(item), _ITEM_LIMIT) for item in items]
    return safe("" if value is None else str(value), _VALUE_LIMIT)


class HtmlRenderer(Words):
    def __init__(
        self,
        locale: str,
        timezone: ZoneInfo,
        emergency_number: str,
        bot_username: str = "",
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(locale, timezone, clock)
        self.emergency_number = emergency_number
        self.bot_username = bot_username

    # --- texts ---------------------------------------------------------------------------

    def text(self, key: str, **values: object) -> str:
        """The catalog entry `key` with `values` escaped; unknown keys raise KeyError (a bug)."""
        entry = self._catalog[key]
        given: dict[str, object] = {"bot_username": self.bot_username, "number": self.emergency_number}
        given.update(values)
        return fill(entry, {name: _escaped(value) for name, value in given.items()})

    # --- the request card and private messages -------------------------------------------

    def card(self, request: Request, called: Sequence[tuple[int, str]]) -> tuple[str, Keyboard]:
        icon = "🆘" if request.urgent or request.emergency else "🙋"
        lines = [f"{icon} <b>{self.headline(request)}</b>", *self._forwarded(request), self._words(request)]
        lines.extend(self._status_lines(request, called))
        if mask_private(request.text).hidden and not request.status.is_final:
            lines.append(self._hidden_line(request))
        return "\n".join(lines), self._card_keyboard(request)

    def _forwarded(self, request: Request) -> list[str]:
        """A forward names who forwarded it and, when Telegram says, who wrote it."""
        if request.forwarded_from is None:
            return []
        forwarder = safe(request.requester_name, 64)
        if not request.forwarded_from:
            return [self.t("forwarded_hidden", forwarder=forwarder)]
        return [self.t("forwarded_from", forwarder=forwarder, author=safe(request.forwarded_from, 64))]

    def _words(self, request: Request, limit: int = 300, *, masked: bool = True) -> str:
        """The request's words as a quote; `masked` for anyone but its claimers (and secretaries)."""
        if request.text == REMOVED:
            return quote(plain_text(self.t("private_text_removed")) or "", limit)
        return quote(mask_private(request.text).text if masked else request.text, limit)

    def _hidden_line(self, request: Request) -> str:
        if not request.claimers:
            return self.t("private_hidden_open")
        bot = f"@{safe(self.bot_username, 64)}" if self.bot_username else self.t("private_bot_fallback")
        return self.t("private_hidden_claimed", bot=bot)

    def details(self, request: Request) -> str:
        """The request in full, for its claimer's private chat only."""
        lines = [
            self.t("private_details", id=request.id),
            f"<b>{self.headline(request)}</b>",
            self._words(request, 1000, masked=False),
            self.t("call_from", name=safe(request.requester_name, 64), time=self.clock_time(request.posted_at)),
        ]
        return "\n".join(lines)

    def _status_lines(self, request: Request, called: Sequence[tuple[int, str]]) -> list[str]:
        helpers = people(_claimers(request), self._more)
        if request.status is Status.OPEN:
            lines = [self.t("calling", names=people(called, self._more))] if called else []
            if request.claimers:
                lines.append(
                    self.t("partial", count=len(request.claimers), needed=request.people_needed, names=helpers)
                )
            return lines
        if request.status is Status.CLAIMED:
            return [self.t("claimed_by", names=helpers)]
        if request.status is Status.DONE:
            return [self.t("done_by", names=helpers) if request.claimers else self.t("done_plain")]
        if request.status is Status.CANCELLED:
            return [self.t("cancelled_line")]
        return [self.t("expired_line")]

    def _card_keyboard(self, request: Request) -> Keyboard:
        cancel = (
            self._button("btn_cancel", Verb.CANCEL, request),
            self._button("btn_not_request", Verb.WITHDRAW, request),  # only the requester may press it
        )
        if request.status is Status.OPEN:
            return ((self._button("btn_claim", Verb.CLAIM, request),), cancel)
        if request.status is Status.CLAIMED:
            return (self._done_release(request), cancel)
        return ()

    def call(self, request: Request) -> tuple[str, Keyboard]:
        lines = [
            self.t("call_title"),
            f"<b>{self.headline(request)}</b>",
            *self._forwarded(request),
            self._words(request),  # not the claimer yet: the details come with the claim
            self.t("call_from", name=safe(request.requester_name, 64), time=self.clock_time(request.posted_at)),
            self.t("call_hint"),
        ]
        claim = self._button("btn_claim", Verb.CLAIM, request)
        decline = self._button("btn_decline", Verb.DECLINE, request)
        return "\n".join(lines), ((claim, decline),)

    def follow_up(self, request: Request, *, in_group: bool = False) -> tuple[str, Keyboard]:
        lines = [self.t("follow_up", id=request.id), self.headline(request), self._words(request, 200, masked=in_group)]
        return "\n".join(lines), (self._done_release(request),)

    def escalation(self, request: Request, key: str) -> str:
        """`key` is "escalated_to_secretary" (nobody took it) or "overdue_to_secretary" (claimed, not done)."""
        since = request.claimed_at if key == "overdue_to_secretary" and request.claimed_at else request.posted_at
        names = "、" if self.locale == "zh" else ", "
        claimers = names.join(safe(name, 64) for name in request.claimer_names[:5]) or "—"
        place = " · ".join(safe(p, 60) for p in (request.compound, request.community) if p)
        lines = [
            self.t(key, id=request.id, age=self.age(since), claimers=claimers),
            self.headline(request),
            self._words(request, masked=False),  # secretaries, privately
            self.t("call_from", name=safe(request.requester_name, 64), time=self.clock_time(request.posted_at)),
        ]
        if place:
            lines.append(self.t("where", place=place))
        return "\n".join(lines)

    # --- lists ---------------------------------------------------------------------------

    def open_list(self, requests: Sequence[Request], total: int) -> str:
        return lists.open_list(self, requests, total)

    def report(self, report: Report) -> str:
        return report_text.report(self, report)

    def profile(self, volunteer: Volunteer, record: VolunteerRecord | None) -> str:
        return lists.profile(self, volunteer, record)

    def digest(
        self, community: str, requests: Sequence[Request], concerns: Sequence[Concern] = (),
        visits: Sequence[Standing] = (),
    ) -> str:
        return lists.digest(self, community, requests, concerns, visits)

    def roster(self, standings: Sequence[Standing]) -> str:
        return desk_lists.roster(self, standings)

    def desk_page(self, page: DeskPage) -> str:
        return desk.desk_page(self, page)

    def concern_entry(self, matter: Matter) -> str:
        return desk.concern_entry(self, matter)

    def agenda(self, agenda: Agenda) -> str:
        return desk.agenda(self, agenda)

    # --- helpers -------------------------------------------------------------------------

    def _button(self, label: str, verb: Verb, request: Request) -> Button:
        return Button(self.t(label), button_data(verb, request.id))

    def _done_release(self, request: Request) -> tuple[Button, ...]:
        return (self._button("btn_done", Verb.DONE, request), self._button("btn_release", Verb.RELEASE, request))

    def _more(self, n: int) -> str:
        return self.t("more_people", n=n)


def _claimers(request: Request) -> list[tuple[int, str]]:
    names = request.claimer_names
    return [(uid, names[i] if i < len(names) else str(uid)) for i, uid in enumerate(request.claimers)]
