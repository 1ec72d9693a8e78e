"""Commands from the clock (the ladder's timers, the digest) and from the operator (the CLI's report)."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.domain import Request, Ring
from handlers.domain.feedback import Suggestion


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
    """The period's figures, for `/report` and for `jinlin report`."""

    period: str
    communities: tuple[str, ...] | None = None  # None: every community



@dataclass(frozen=True, slots=True)
class ForgetPerson:
    """`jinlin forget USER_ID`: the person's names and words go, the counts stay."""

    user_id: int


@dataclass(frozen=True, slots=True)
class BlankOldTexts:
    """The daily retention: words older than `[privacy] keep_text_days` go."""
