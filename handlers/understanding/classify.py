"""From keyword hits to a decision: kind, category, urgency and emergency.

Scores are additive (each hit adds its weight to its slot); the decision on top of them is a
short list of rules, each of which names itself in the cues so a wrong reading can be traced.
"""

from __future__ import annotations

from typing import NamedTuple

from handlers.domain import Kind
from handlers.understanding.categories import (
    CATEGORIES,
    CONCERN_CATEGORIES,
    REQUEST_REMAP,
)
from handlers.understanding.matcher import (
    BUILDING_SLOT,
    EMERGENCY_SLOT,
    FAULT_SLOT,
    FIRST_CATEGORY_SLOT,
    FLAG_NAMES,
    HOME_SLOT,
    KINDS,
    OWN_SLOT,
    SLOT_COUNT,
    STORY_SLOT,
    URGENT_SLOT,
    WITHDRAW_SLOT,
    Hit,
)

# Below this score no kind has spoken clearly enough: the message is small talk.
MIN_KIND_SCORE = 3
STORY_CHAT_BONUS = 6

# On equal scores the more specific reply wins over the more general reading.
_TIE_ORDER: dict[Kind, int] = {
    Kind.CANCEL: 6,
    Kind.DONE: 5,
    Kind.CLAIM: 4,
    Kind.OFFER: 3,
    Kind.REQUEST: 2,
    Kind.CONCERN: 1,
    Kind.CHAT: 0,
}
_CONCERN_MASK = tuple(int(name in CONCERN_CATEGORIES) for name in CATEGORIES)
_TIES = tuple(_TIE_ORDER[k] for k in KINDS)
_CHAT_INDEX = KINDS.index(Kind.CHAT)
_CLAIM_INDEX = KINDS.index(Kind.CLAIM)
_CONCERN_INDEX = KINDS.index(Kind.CONCERN)
_REQUEST_INDEX = KINDS.index(Kind.REQUEST)
_REPAIR_SLOT = FIRST_CATEGORY_SLOT + CATEGORIES.index("repair")
_NOISE_SLOT = FIRST_CATEGORY_SLOT + CATEGORIES.index("noise")
_SAFETY_SLOT = FIRST_CATEGORY_SLOT + CATEGORIES.index("safety")
# A complaint about one's own home is a repair worth asking a neighbour about once the repair
# evidence reaches this.
MIN_HOME_REPAIR = 3
# The implied ask of "my tap keeps dripping, no idea why": worth one ask-word.
HOME_FAULT_ASK = 3
# Categories a neighbour can help with (not the committee's): an urgent need stated as a fact
# ("被子还在外面 要下雨了") is a request when one of these reaches this score. In the speaker's
# own home every category but noise is such a need ("我家窗户没关 暴雨要来了").
MIN_NEED_CATEGORY = 3
_NEED_SLOTS = tuple(
    FIRST_CATEGORY_SLOT + i for i, name in enumerate(CATEGORIES) if name not in CONCERN_CATEGORIES
)
# A shared problem stated as a fact ("隔壁天天半夜唱歌", "the bins smell awful") is a concern when
# the committee's categories (not "other") reach this score and no kind has spoken.
MIN_PROBLEM_CATEGORY = 4
_PROBLEM_SLOTS = tuple(
    FIRST_CATEGORY_SLOT + i for i, name in enumerate(CATEGORIES) if name in CONCERN_CATEGORIES and name != "other"
)
_HOME_NEED_SLOTS = tuple(FIRST_CATEGORY_SLOT + i for i, name in enumerate(CATEGORIES) if name != "noise")


class Decision(NamedTuple):
    kind: Kind
    category: str | None
    urgent: bool
    emergency: bool
    names_building: bool  # a building marker was seen, so the building regex is worth running
    cues: tuple[str, ...]
    emergency_words: tuple[str, ...] = ()  # the emergency keywords that fired, when one did
    flags: str = ""  # the flags with a hit, one letter each (matcher.FLAG_NAMES): "EU", "SN"...


def tally(hits: list[Hit]) -> list[int]:
    scores = [0] * SLOT_COUNT
    for hit in hits:
        for slot, weight in hit.entry.effects:
            scores[slot] += weight
    return scores


def decide(hits: list[Hit]) -> Decision:
    scores = tally(hits)
    story = scores[STORY_SLOT] > 0
    emergency = scores[EMERGENCY_SLOT] > 0 and not story
    rule: str
    if scores[WITHDRAW_SLOT]:
        # "我去不了了" / "can't make it": a negated claim is never a claim. The withdrawal phrase
        # itself scores for cancel; an ask that outweighs it ("去不了超市, 谁能帮我买菜") still wins.
        scores[_CLAIM_INDEX] = 0
    # A fault word at home needs any repair evidence (灯 闪, fridge stopped working); a bare
    # complaint word at home needs strong repair evidence (水管, plumbing).
    home_fault = scores[HOME_SLOT] > 0 and (
        (scores[FAULT_SLOT] > 0 and scores[_REPAIR_SLOT] > 0)
        or (scores[_CONCERN_INDEX] > 0 and scores[_REPAIR_SLOT] >= MIN_HOME_REPAIR)
    )
    if home_fault:
        # A fault in one's own home ("my kitchen light keeps flickering", "我家马桶一直流水") is a
        # repair to ask a neighbour about, not a concern for the committee: the complaint
        # becomes the ask, and a noisy appliance or a leaking machine is a repair, not noise or
        # a flood (a real danger has an emergency keyword and is decided below).
        scores[_REQUEST_INDEX] += scores[_CONCERN_INDEX] + HOME_FAULT_ASK
        scores[_CONCERN_INDEX] = 0
        scores[_REPAIR_SLOT] += scores[_NOISE_SLOT] + scores[_SAFETY_SLOT]
        scores[_NOISE_SLOT] = scores[_SAFETY_SLOT] = 0
    if emergency:
        # Safety first: a person or a home in danger is always a call for help, whatever else
        # the message says; only a story about the past is spared.
        kind = Kind.REQUEST
        rule = "rule:emergency"
    else:
        if story:
            scores[_CHAT_INDEX] += STORY_CHAT_BONUS
        best = 0
        best_key = -1
        for i, tie in enumerate(_TIES):
            key = scores[i] * 8 + tie
            if key > best_key:
                best, best_key = i, key
        if scores[best] < MIN_KIND_SCORE:
            needs = _HOME_NEED_SLOTS if scores[HOME_SLOT] else _NEED_SLOTS
            if scores[URGENT_SLOT] and max(scores[i] for i in needs) >= MIN_NEED_CATEGORY:
                # No ask-word, but an urgent need a neighbour can meet, stated as a fact:
                # "198号楼 被子还在外面 要下雨了!!", "孩子锁在屋里了 急".
                kind = Kind.REQUEST
                rule = "rule:urgent-need"
            elif max(scores[i] for i in _PROBLEM_SLOTS) >= MIN_PROBLEM_CATEGORY:
                kind = Kind.CONCERN
                rule = "rule:shared-problem"
            else:
                kind = Kind.CHAT
                rule = "rule:weak"
        else:
            kind = KINDS[best]
            rule = f"rule:max={scores[best]}"
            if kind is Kind.DONE and scores[OWN_SLOT]:
                # "我自己修好了" / "sorted it myself": finished, but by the owner, not a helper.
                kind = Kind.CANCEL
                rule = "rule:done-by-owner"
        if home_fault and kind is Kind.REQUEST:
            rule += " rule:home-fault"
    category = _category(kind, scores)
    urgent = kind is Kind.REQUEST and (emergency or scores[URGENT_SLOT] > 0)
    cues = (rule, *[hit.entry.cue for hit in hits])
    words = (
        tuple(h.entry.cue.partition(":")[2] for h in hits if any(s == EMERGENCY_SLOT for s, _ in h.entry.effects))
        if emergency
        else ()
    )
    flags = "".join(name for slot, name in FLAG_NAMES.items() if scores[slot] > 0)
    return Decision(kind, category, urgent, emergency, scores[BUILDING_SLOT] > 0, cues, words, flags)


def _category(kind: Kind, scores: list[int]) -> str | None:
    if kind not in (Kind.REQUEST, Kind.OFFER, Kind.CONCERN):
        return None
    category_scores = scores[FIRST_CATEGORY_SLOT : FIRST_CATEGORY_SLOT + len(CATEGORIES)]
    if kind is Kind.CONCERN:
        category_scores = [s * m for s, m in zip(category_scores, _CONCERN_MASK, strict=True)]
    top = max(category_scores)
    # On a tie the category listed first in CATEGORIES wins (index() finds the first).
    best_name = CATEGORIES[category_scores.index(top)] if top > 0 else "other"
    if kind is not Kind.CONCERN:
        best_name = REQUEST_REMAP.get(best_name, best_name)
    return best_name
