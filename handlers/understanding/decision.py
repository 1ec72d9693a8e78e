"""The reader's decision on one message: what it is, and the evidence a Reading reports.

Rules find what rules are good at (the building, the emergency lexicon, negation masks) and
the learned model decides what a message means. Safety stays a rule: an emergency is raised
when the lexicon fires or the model passes a threshold chosen for full recall.

`decide` stops at what a label line holds (LABELS.md) and the evidence for it; reading.py adds
what only the bot needs (the head count, the cues spelled out), so `jinlin parse`, which prints
labels, does not pay for those.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from handlers.domain import Kind
from handlers.understanding.buildings import find_building
from handlers.understanding.concepts import DANGER
from handlers.understanding.context import ReplyContext, Role
from handlers.understanding.features import message_features
from handlers.understanding.matcher import Hit, scan_with_concepts
from handlers.understanding.model import LinearModel, sigmoid, softmax
from handlers.understanding.normalise import normalise
from handlers.understanding.not_now import not_happening_now
from handlers.understanding.safety import is_retraction, lexicon_emergency
from handlers.understanding.signals import signals
from handlers.understanding.urgency import explicitly_urgent

# An emergency the model alone raises, below MODEL_EMERGENCY_SURE, needs the kind head to give
# the message some chance of being a request: most false emergencies on strangers' sets were
# concerns and chat ("电动车在楼道充电", a railing that could fall). Chosen leave-one-author-out
# (round 6): it keeps every emergency the threshold alone catches and drops 39 of 269 false ones.
MODEL_EMERGENCY_SURE = 0.1
MODEL_EMERGENCY_ASK = 0.05
# ...and a danger it names (concepts.DANGER: a fall, blood, smoke, gas, someone lost...):
# "我外婆85了...周六去陪她吃个午饭" passed the threshold on its elderly words alone,
# "快!!我家狗在楼下和另一只狗打起来了" on its hurry. Authors held out in five groups (round 9,
# `bench/loao.py --groups 5`, round 9's concepts): recall 0.994 (846/851) either way, precision
# 0.808 -> 0.849 (with round 8's sets; 0.845 with blind-20 too). Asking for an urgent word or the
# urgent head's 5% as well gave 0.858 but lost "楼道里好大的烟 警报在响 ... 老伴坐轮椅": not taken.
# Round 10 asked for the named danger at every probability, once the concepts named what the
# yardstick's sure-but-unnamed emergencies were: recall unchanged there, precision 0.874 -> 0.889.
# Strangers then wrote dangers the table did not name (a car swept into a field with someone
# inside, a man half buried by a landslide, "他耳朵不好" behind a door: 0.99, 0.74 and 0.26) and
# it missed three of them: above 0.1 the model needs no named danger.
# A reply under a request is read among the kinds its writer's role allows (context.py); an act
# among them (claim, done, cancel) is taken only when the model gives it this much.
REPLY_ACT_FLOOR = 0.05
_ACTS = frozenset({Kind.CLAIM, Kind.DONE, Kind.CANCEL})
_LISTED = frozenset({Kind.REQUEST, Kind.OFFER, Kind.CONCERN})
_ASKABLE = frozenset({Kind.REQUEST, Kind.CHAT})
_HELPERS = frozenset({Role.CLAIMER, Role.CALLED})


class Decision(NamedTuple):
    kind: Kind
    category: str | None
    building: str | None
    urgent: bool
    emergency: bool
    lowered: str  # the normalised text, for the head count
    hits: list[Hit]  # the keyword hits, for the cues
    building_cue: str
    confidence: float  # the model's probability of `kind`
    request_probability: float
    emergency_probability: float
    by_lexicon: bool
    retracted: bool
    not_now: bool  # the danger named is not happening to anyone now (not_now.not_happening_now)
    withdrawal: bool
    unsure: bool


class _Plan(NamedTuple):
    """What decide needs of a model, worked out once per model rather than for every message."""

    kinds: tuple[Kind, ...]  # the model's kinds as Kind members, in its output order
    request: int  # the index of Kind.REQUEST among them
    listed: tuple[bool, ...]  # for each kind: does it carry a category (_LISTED)?
    askable: tuple[bool, ...]  # for each kind: may the bot ask whether it was a request (_ASKABLE)?


@cache
def _plan(model: LinearModel) -> _Plan:
    kinds = tuple(Kind(name) for name in model.kinds)
    return _Plan(
        kinds, kinds.index(Kind.REQUEST), tuple(k in _LISTED for k in kinds), tuple(k in _ASKABLE for k in kinds)
    )


def decide(text: str, context: ReplyContext | None, model: LinearModel) -> Decision | None:
    """The decision on a message, or None when it holds nothing to read (blank)."""
    folded, lowered = normalise(text)
    if not lowered.strip():
        return None
    hits, concepts = scan_with_concepts(lowered)
    found = signals(hits)
    # The model's outputs straight from the packed sum: the kinds and the emergency logit are
    # needed for every message, the categories and urgency as the decision goes.
    fields = model.fields(set(message_features(lowered, hits, found, concepts)))
    kinds, request, listed, askable = _plan(model)
    probabilities = softmax(model.outputs(fields, 0, len(kinds)))
    p_request = probabilities[request]
    p_emergency = sigmoid(model.output(fields, model.emergency_slot))
    thresholds = model.thresholds
    model_alarm = p_emergency >= thresholds.emergency
    retracted = is_retraction(lowered)
    lexicon = lexicon_emergency(found)
    not_now = not retracted and (found.emergency or model_alarm) and not_happening_now(lowered, lexicon)
    disarmed = retracted or not_now
    by_lexicon = lexicon and not disarmed
    emergency = by_lexicon or (
        model_alarm
        and not disarmed
        and (
            p_emergency >= MODEL_EMERGENCY_SURE
            or (p_request >= MODEL_EMERGENCY_ASK and not DANGER.isdisjoint(concepts))
        )
    )
    if emergency:
        index = request
    elif context is None or (allowed := context.allowed_kinds()) is None:
        index = probabilities.index(max(probabilities))  # the first of equals, as max() over the kinds
    else:
        index = max((i for i, k in enumerate(kinds) if k in allowed), key=probabilities.__getitem__)
        if probabilities[index] < REPLY_ACT_FLOOR and kinds[index] in _ACTS:
            # The likeliest act the reply may be is one the model all but rules out ("198号楼谁能
            # 帮我顺便取个快递" under one's own request: a request, 0.999): talk, which acts on nothing.
            index = kinds.index(Kind.CHAT)
    withdrawal = (
        not emergency
        and context is not None
        and context.role in _HELPERS
        and "N" in found.flags
        and kinds[index] is not Kind.DONE
    )
    if withdrawal:
        # "我临时有事去不了了" from the volunteer who holds or was called for the request: a
        # negated claim is a withdrawal, whatever the model makes of the rest of the words.
        index = kinds.index(Kind.CANCEL)
    category = None
    if listed[index]:
        category_logits = model.outputs(fields, len(kinds), model.urgent_slot)
        category = model.categories[category_logits.index(max(category_logits))]
    urgent = index == request and (
        emergency
        or sigmoid(model.output(fields, model.urgent_slot)) >= thresholds.urgent
        or explicitly_urgent(lowered)
    )
    unsure = (
        context is None
        and not emergency
        and askable[index]
        and thresholds.unsure_low <= p_request < thresholds.unsure_high
    )
    building, building_cue = find_building(folded, lowered) if found.names_building else (None, "")
    # tuple.__new__, not Decision(...): a NamedTuple's own __new__ is a Python function.
    return tuple.__new__(
        Decision,
        (
            kinds[index], category, building, urgent, emergency, lowered, hits, building_cue,
            probabilities[index], p_request, p_emergency, by_lexicon, retracted, not_now, withdrawal, unsure,
        ),
    )
