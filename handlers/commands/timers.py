"""Commands from the clock (the ladder's timers, the digest) and from the operator (the CLI's report and export)."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.domain import Request, Ring
from handlers.domain.feedback import Suggestion
from handlers.domain.visits import Due, RosterEntry


@dataclass(frozen=True, slots=True)
class Escalate:
    """Nobody took it in time: call the next ring out."""

    request: Request
    ring: Ring


@dataclass(frozen=True, slots=True)
class Expire:
    request: Request


@dataclass(frozen=True, slots=True)
class FollowUp:
    """Claimed and not done in time: ask the claimers (reached 1), then tell the secretaries (2)."""

    request: Request
    reached: int


@dataclass(frozen=True, slots=True)
class ExpireSuggestion:
    """Nobody used the suggestion in time: delete it."""

    suggestion: Suggestion


@dataclass(frozen=True, slots=True)
class SendDigests:
    """The secretaries' daily digest."""


@dataclass(frozen=True, slots=True)
class ComputeReport:
    """`jinlin report [words…]`: the figures, with the words `/report` takes."""

    words: tuple[str, ...] = ()
    communities: tuple[str, ...] | None = None  # None: every community


@dataclass(frozen=True, slots=True)
class ComputeExport:
    """`jinlin export [period]`: the files `/export` sends, for the CLI to write."""

    words: tuple[str, ...] = ()
    communities: tuple[str, ...] | None = None  # None: every community


@dataclass(frozen=True, slots=True)
class RemindVisit:
    """A roster entry's step is due: remind its carer (contact, visit), or tell the secretaries (overdue)."""

    entry: RosterEntry
    due: Due


@dataclass(frozen=True, slots=True)
class PublishResults:
    """The 1st of the month: last month's results posted to each group ([jobs] publish_results)."""

@dataclass(frozen=True, slots=True)
class ForgetPerson:
    """`jinlin forget USER_ID`: the person's names and words go, the counts stay."""

    user_id: int


@dataclass(frozen=True, slots=True)
class ForgetResident:
    """`jinlin forget --resident ENTRY_ID`: a roster resident (no user id) by their entry."""

    entry_id: int


@dataclass(frozen=True, slots=True)
class BlankOldTexts:
    """The daily retention: words older than `[privacy] keep_text_days` go."""
