"""Stand-in readers for the core tests: the model is retrained often, so tests that need a message
to be unsure, or a reply read a certain way, script the reader instead of relying on its numbers."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from handlers.domain import Kind
from handlers.understanding import Reading, read_message
from handlers.understanding.context import ReplyContext, Role


def reading(kind: Kind, *, unsure: bool = False, category: str | None = None, building: str | None = None,
            urgent: bool = False, p_request: float = 0.5) -> Reading:
    return Reading(kind, category, building, urgent, False, confidence=0.5, request_probability=p_request,
                   unsure=unsure, version="test-reader")


@dataclass
class ScriptedReader:
    """Reads like the real reader, except for the texts it is given (per role, or for any role);
    records the context of every read."""

    script: dict[tuple[str, Role | None], Reading] = field(default_factory=dict)
    seen: list[tuple[str, ReplyContext | None]] = field(default_factory=list)

    def on(self, text: str, result: Reading, role: Role | None = None) -> ScriptedReader:
        self.script[(text, role)] = result
        return self

    def __call__(self, text: str, context: ReplyContext | None = None) -> Reading:
        self.seen.append((text, context))
        role = context.role if context is not None else None
        found = self.script.get((text, role)) or self.script.get((text, None))
        if found is not None:
            return replace(found, unsure=found.unsure and context is None)
        return read_message(text, context)

    def contexts(self, text: str) -> list[ReplyContext | None]:
        return [c for t, c in self.seen if t == text]
