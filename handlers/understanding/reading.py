"""The public face of the reader: read_message(text, context) -> Reading.

Rules find what rules are good at (the building, head counts, the emergency lexicon, negation
masks) and the learned model decides what a message means (decision.py). Safety stays a rule:
an emergency is raised when the lexicon fires or the model passes a threshold chosen for full
recall.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.domain import Kind
from handlers.understanding.artefact import default_model
from handlers.understanding.context import ReplyContext
from handlers.understanding.decision import decide
from handlers.understanding.features import message_features
from handlers.understanding.matcher import scan_with_concepts
from handlers.understanding.model import LinearModel
from handlers.understanding.normalise import normalise
from handlers.understanding.people import people_needed
from handlers.understanding.signals import signals


@dataclass(frozen=True, slots=True)
class Reading:
    kind: Kind
    category: str | None
    building: str | None
    urgent: bool
    emergency: bool
    people_needed: int = 1
    cues: tuple[str, ...] = ()
    confidence: float = 1.0  # the model's probability of `kind`
    request_probability: float = 0.0
    emergency_probability: float = 0.0
    lexicon_emergency: bool = False
    unsure: bool = False  # maybe a request: ask the writer before opening a card
    version: str = ""  # the model's version, for the log

    def as_label(self) -> dict[str, object]:
        """The fields of a label line (shared/data/LABELS.md), ready for json.dumps."""
        return {
            "kind": str(self.kind),
            "category": self.category,
            "building": self.building,
            "urgent": self.urgent,
            "emergency": self.emergency,
        }


def features_of(text: str) -> list[str]:
    """The model's features of a message (training and explanation use the same path)."""
    _, lowered = normalise(text)
    hits, concepts = scan_with_concepts(lowered)
    return message_features(lowered, hits, signals(hits), concepts)


def read_message(text: str, context: ReplyContext | None = None, *, model: LinearModel | None = None) -> Reading:
    """Understand one chat message. Pure, deterministic, offline; never raises on text."""
    model = model or default_model()
    decided = decide(text, context, model)
    if decided is None:
        return Reading(Kind.CHAT, None, None, False, False, 1, ("rule:empty",))
    cues = [hit.entry.cue for hit in decided.hits]
    if decided.building_cue:
        cues.append(decided.building_cue)
    if decided.by_lexicon:
        cues.append("safety:lexicon")
    elif decided.emergency:
        cues.append("safety:model")
    if decided.retracted:
        cues.append("safety:retraction")
    if decided.not_now:
        cues.append("safety:not-now")
    if decided.withdrawal:
        cues.append("rule:withdrawal")
    kind = decided.kind
    return Reading(
        kind=kind,
        category=decided.category,
        building=decided.building,
        urgent=decided.urgent,
        emergency=decided.emergency,
        people_needed=people_needed(decided.lowered) if kind is Kind.REQUEST else 1,
        cues=tuple(cues),
        confidence=decided.confidence,
        request_probability=decided.request_probability,
        emergency_probability=decided.emergency_probability,
        lexicon_emergency=decided.by_lexicon,
        unsure=decided.unsure,
        version=model.version,
    )


def read_label(text: str, *, model: LinearModel | None = None) -> tuple[Kind, str | None, str | None, bool, bool]:
    """What a label line holds (kind, category, building, urgent, emergency): the Reading's
    fields, without the head count and cues that only the bot uses (`jinlin parse` prints these)."""
    decided = decide(text, None, model or default_model())
    if decided is None:
        return Kind.CHAT, None, None, False, False
    return decided.kind, decided.category, decided.building, decided.urgent, decided.emergency
