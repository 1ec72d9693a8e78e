"""What the core knows about a message before reading it: whose reply it is, and to what.

A reply under a request's card means something narrower than a message out of the blue: a
called volunteer's reply is a claim, a done, a withdrawal or talk; the requester's own reply is a
done, a cancel or talk. The reader picks the likeliest kind among those.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from handlers.domain import Kind


class Role(StrEnum):
    REQUESTER = "requester"
    CALLED = "called"  # called for this request, not holding it
    CLAIMER = "claimer"  # holds it now
    OTHER = "other"


_ALLOWED: dict[Role, frozenset[Kind] | None] = {
    Role.REQUESTER: frozenset({Kind.DONE, Kind.CANCEL, Kind.CHAT}),
    Role.CALLED: frozenset({Kind.CLAIM, Kind.DONE, Kind.CANCEL, Kind.CHAT}),
    Role.CLAIMER: frozenset({Kind.DONE, Kind.CANCEL, Kind.CHAT}),
    Role.OTHER: None,
}


@dataclass(frozen=True, slots=True)
class ReplyContext:
    """A message that replies to a request (its card, its message, or a call about it)."""

    role: Role

    def allowed_kinds(self) -> frozenset[Kind] | None:
        return _ALLOWED[self.role]
