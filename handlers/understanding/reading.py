"""The public face of the reader: read_message(text, context) -> Reading.

Rules find what rules are good at (the building, head counts, the emergency lexicon, negation
masks) and the learned model decides what a message means. Safety stays a rule: an emergency
is raised when the lexicon fires or the model passes a threshold chosen for full recall.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from handlers.domain import Kind
from handlers.understanding.artefact import default_model
from handlers.understanding.buildings import find_building
from handlers.understanding.concepts import concept_features
from handlers.understanding.context import ReplyContext, Role
from handlers.understanding.features import category_features, length_feature, rule_features, text_features
from handlers.understanding.matcher import Hit, scan_with_concepts
from handlers.understanding.model import LinearModel, sigmoid, softmax
from handlers.understanding.normalise import normalise
from handlers.understanding.people import people_needed
from handlers.understanding.safety import is_retraction, lexicon_emergency
from handlers.understanding.signals import Signals, signals
from handlers.understanding.urgency import explicitly_urgent

_LISTED = frozenset({Kind.REQUEST, Kind.OFFER, Kind.CONCERN})
_ASKABLE = frozenset({Kind.REQUEST, Kind.CHAT})
_HELPERS = frozenset({Role.CLAIMER, Role.CALLED})


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


@cache
def _kinds(names: tuple[str, ...]) -> tuple[Kind, ...]:
    """A model's kinds as Kind members, in its output order (one conversion per model, not per message)."""
    return tuple(Kind(name) for name in names)


def features_of(text: str) -> list[str]:
    """The model's features of a message (training and explanation use the same path)."""
    _, lowered = normalise(text)
    hits, concepts = scan_with_concepts(lowered)
    return _features(lowered, hits, signals(hits), concepts)


def _features(lowered: str, hits: list[Hit], found: Signals, concepts: set[str]) -> list[str]:
    feats = text_features(lowered)
    feats.extend(rule_features(found))
    feats.extend(category_features(hits))
    feats.extend(concept_features(concepts))
    feats.append(length_feature(lowered))
    return feats


def read_message(text: str, context: ReplyContext | None = None, *, model: LinearModel | None = None) -> Reading:
    """Understand one chat message. Pure, deterministic, offline; never raises on text."""
    folded, lowered = normalise(text)
    if not lowered.strip():
        return Reading(Kind.CHAT, None, None, False, False, 1, ("rule:empty",))
    model = model or default_model()
    hits, concepts = scan_with_concepts(lowered)
    found = signals(hits)
    # The model's outputs straight from the packed sum, with no Scores object: only the kinds'
    # softmax is needed for every message, the rest as the decision goes.
    logits = model.logits(set(_features(lowered, hits, found, concepts)))
    kinds = _kinds(model.kinds)
    probabilities = softmax(logits[: len(kinds)])
    p_emergency = sigmoid(logits[model.emergency_slot])
    thresholds = model.thresholds
    retracted = is_retraction(lowered)
    by_lexicon = lexicon_emergency(found) and not retracted
    emergency = by_lexicon or (p_emergency >= thresholds.emergency and not retracted)
    if emergency:
        index = kinds.index(Kind.REQUEST)
    elif context is None or (allowed := context.allowed_kinds()) is None:
        index = probabilities.index(max(probabilities))  # the first of equals, as max() over the kinds
    else:
        index = max((i for i, k in enumerate(kinds) if k in allowed), key=probabilities.__getitem__)
    kind = kinds[index]
    withdrawal = (
        not emergency
        and context is not None
        and context.role in _HELPERS
        and "N" in found.flags
        and kind is not Kind.DONE
    )
    if withdrawal:
        # "我临时有事去不了了" from the volunteer who holds or was called for the request: a
        # negated claim is a withdrawal, whatever the model makes of the rest of the words.
        kind = Kind.CANCEL
        index = kinds.index(kind)
    category = None
    if kind in _LISTED:
        category_logits = logits[len(kinds) : model.urgent_slot]
        category = model.categories[category_logits.index(max(category_logits))]
    urgent = kind is Kind.REQUEST and (
        emergency or sigmoid(logits[model.urgent_slot]) >= thresholds.urgent or explicitly_urgent(lowered)
    )
    p_request = probabilities[kinds.index(Kind.REQUEST)]
    unsure = (
        context is None
        and not emergency
        and kind in _ASKABLE
        and thresholds.unsure_low <= p_request < thresholds.unsure_high
    )
    building, building_cue = find_building(folded, lowered) if found.names_building else (None, "")
    cues = list(found.cues)
    if building_cue:
        cues.append(building_cue)
    if by_lexicon:
        cues.append("safety:lexicon")
    elif emergency:
        cues.append("safety:model")
    if retracted:
        cues.append("safety:retraction")
    if withdrawal:
        cues.append("rule:withdrawal")
    return Reading(
        kind=kind,
        category=category,
        building=building,
        urgent=urgent,
        emergency=emergency,
        people_needed=people_needed(lowered) if kind is Kind.REQUEST else 1,
        cues=tuple(cues),
        confidence=probabilities[index],
        request_probability=p_request,
        emergency_probability=p_emergency,
        lexicon_emergency=by_lexicon,
        unsure=unsure,
        version=model.version,
    )
