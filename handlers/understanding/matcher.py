"""One Aho-Corasick pass over the normalised text finds every keyword of every table, and every
concept word (concepts.py).

The automaton is built on first use (functools.cache), never at import time. Each word maps to
one entry carrying all it means: the keyword tables' effects, and what the reader derives from
them, worked out once here rather than for every message (the flags it fires as a bit mask, the
category features it gives), and the concepts it belongs to. So a message costs one C-level scan
plus a short Python loop over the (few) hits.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import NamedTuple, Protocol

from handlers.domain import Kind
from handlers.understanding.categories import (
    CATEGORIES,
    CATEGORY_TABLE,
    EMERGENCY_CATEGORY_TABLE,
)
from handlers.understanding.concepts import concept_table
from handlers.understanding.lexicon import FLAG_TABLE, KIND_TABLE

KINDS: tuple[Kind, ...] = tuple(Kind)
# Score slots: kinds first, then categories, then the flags.
SLOT_OF: dict[str, int] = {str(kind): i for i, kind in enumerate(KINDS)}
SLOT_OF.update({f"cat:{name}": len(KINDS) + i for i, name in enumerate(CATEGORIES)})
FIRST_CATEGORY_SLOT = len(KINDS)
EMERGENCY_SLOT = len(SLOT_OF)
URGENT_SLOT = EMERGENCY_SLOT + 1
STORY_SLOT = EMERGENCY_SLOT + 2
OWN_SLOT = EMERGENCY_SLOT + 3
BUILDING_SLOT = EMERGENCY_SLOT + 4
WITHDRAW_SLOT = EMERGENCY_SLOT + 5
HOME_SLOT = EMERGENCY_SLOT + 6
FAULT_SLOT = EMERGENCY_SLOT + 7
FLAG_NAMES = {
    EMERGENCY_SLOT: "E",
    URGENT_SLOT: "U",
    STORY_SLOT: "S",
    OWN_SLOT: "O",
    BUILDING_SLOT: "B",
    WITHDRAW_SLOT: "N",
    HOME_SLOT: "H",
    FAULT_SLOT: "F",
}
SLOT_OF.update({name: slot for slot, name in FLAG_NAMES.items()})
SLOT_COUNT = len(SLOT_OF)

# Cheap gate for the building regex: without one of these no building can be named.
BUILDING_MARKERS = "B 1 : 号楼 | 栋 | 幢 | 座 | 號樓 | 棟 | - | # | building | bldg | bld | block | blk | tower"

WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")  # an English keyword may not touch these


class Entry(NamedTuple):
    length: int
    check_left: bool  # an English word must start a word (keywords and concepts alike)...
    check_right: bool  # ...and a keyword end one, unless written as a stem ("collaps*")
    keyword: bool  # in the keyword tables; False for a word that only means concepts
    effects: tuple[tuple[int, int], ...]
    masks: bool  # hides the keywords lying inside it
    cue: str  # "request:帮忙": the strongest effect and the keyword, for the reading's cues
    fired: int  # bit `slot` set for every effect with a positive weight (signals.py)
    category_features: tuple[str, ...]  # "cs:pet" for each category table that speaks (features.py)
    concepts: tuple[str, ...]  # the concepts the word means, whatever its boundaries as a keyword


class _Automaton(Protocol):
    def add_word(self, key: str, value: Entry) -> bool: ...
    def make_automaton(self) -> None: ...
    def iter(self, string: str) -> Iterator[tuple[int, Entry]]: ...


class Hit(NamedTuple):
    start: int
    end: int  # inclusive, as pyahocorasick reports it
    entry: Entry


def _cue(word: str, slots: dict[int, int], masks: bool) -> str:
    if not slots:
        return f"mask:{word}" if masks else word
    slot = max(slots, key=lambda s: slots[s])
    if slot < FIRST_CATEGORY_SLOT:
        label = str(KINDS[slot])
    elif slot < EMERGENCY_SLOT:
        label = "cat"
    else:
        label = FLAG_NAMES[slot]
    return f"{label}:{word}"


def spellings(word: str) -> tuple[str, ...]:
    """The keyword and its apostrophe-less spelling: residents type "cant", "wont", "im".

    Only "n't" and "i'm" are dropped: "i'll" and "we'll" would become the words "ill" and "well".
    """
    bare = word.replace("n't", "nt")
    if bare.startswith("i'm"):
        bare = "im" + bare[3:]
    bare = bare.replace(" i'm", " im")
    return (word,) if bare == word else (word, bare)


def parse_table(table: str) -> list[tuple[str, str, int]]:
    """(keyword, effect, weight) for every keyword of a table and every spelling of it."""
    rows: list[tuple[str, str, int]] = []
    for line in table.strip().splitlines():
        head, _, words = line.partition(" : ")
        effect, weight = head.split()
        for word in words.split(" | "):
            if word.strip():
                rows.extend((spelling, effect, int(weight)) for spelling in spellings(word.strip()))
    return rows


# pyahocorasick finds a node's child by a linear search of its children, in the order they were
# added, and the root has ~470: a character at the root costs up to 470 comparisons, all of them
# when no keyword starts with it (a space, 的, 了). So the words are added most frequent first
# letter first, and each frequent character that starts no keyword gets a child of its own, a
# word that can never match (it ends in U+200B, which normalise() deletes) and that the scan would
# ignore if it did. Same hits, in the same order, for 40% fewer instructions. The characters are
# the corpus's most frequent, by their count in the normalised texts of data/corpus.
_FREQUENT = (
    " eontairshld,mcyugpwbfk我了有?的一'v下1不家人在帮个楼上去2天谁来0要好没门到栋!.以3可能子点电-大看是老"
    "里小车会5水吗那都用你居周谢8开4x6号邻阿出台j说收就97晚忙手区快想过口医今两住午几孩机放边道十业回给"
)
_NEVER = "\u200b"
_NOTHING = Entry(2, False, False, False, (), False, "", 0, (), ())  # not a keyword, no concepts: skipped


def _root_order(words: set[str]) -> list[str]:
    """The words, those starting with a frequent character first, and a never-matching word
    for each frequent character that starts none (see _FREQUENT)."""
    by_first: dict[str, list[str]] = {}
    for word in sorted(words):
        by_first.setdefault(word[0], []).append(word)
    ordered = [word for first in _FREQUENT for word in by_first.pop(first, [first + _NEVER])]
    return ordered + [word for rest in by_first.values() for word in rest]


@cache
def automaton() -> _Automaton:
    # Imported here so that importing the package costs nothing until the first message.
    # pyahocorasick ships no type stubs; _Automaton types the three calls we make.
    import ahocorasick  # type: ignore[import-not-found, unused-ignore]

    effects: dict[str, dict[int, int]] = {}
    masks: set[str] = set()
    stems: set[str] = set()
    meanings: dict[str, list[str]] = {}
    for name, words in concept_table().items():
        for word in words:
            meanings.setdefault(word, []).append(name)
    for table in (KIND_TABLE, FLAG_TABLE, CATEGORY_TABLE, EMERGENCY_CATEGORY_TABLE, BUILDING_MARKERS):
        for word, effect, weight in parse_table(table):
            if word.endswith("*"):
                word = word[:-1]
                stems.add(word)
            slots = effects.setdefault(word, {})
            if effect == "~":
                masks.add(word)
                continue
            slot = SLOT_OF[effect]
            # A keyword listed twice for the same effect counts once, at its highest weight.
            slots[slot] = max(slots.get(slot, 0), weight)
    machine: _Automaton = ahocorasick.Automaton()
    for word in _root_order(effects.keys() | meanings.keys()):
        if word.endswith(_NEVER):
            machine.add_word(word, _NOTHING)
            continue
        slots = effects.get(word, {})
        ends_english = word[-1].isascii() and word[-1].isalnum()
        machine.add_word(
            word,
            Entry(
                length=len(word),
                check_left=word[0].isascii() and word[0].isalnum(),
                check_right=ends_english and word not in stems,
                keyword=word in effects,
                effects=tuple(sorted(slots.items())),
                masks=word in masks,
                cue=_cue(word, slots, word in masks),
                fired=sum(1 << slot for slot, weight in slots.items() if weight > 0),
                category_features=tuple(
                    "cs:" + CATEGORIES[slot - FIRST_CATEGORY_SLOT]
                    for slot, weight in sorted(slots.items())
                    if FIRST_CATEGORY_SLOT <= slot < EMERGENCY_SLOT and weight >= 2
                ),
                concepts=tuple(meanings.get(word, ())),
            ),
        )
    machine.make_automaton()
    return machine


def scan(lowered: str) -> list[Hit]:
    """Every keyword occurrence on word boundaries, minus those hidden inside a masking keyword."""
    return scan_with_concepts(lowered)[0]


def scan_with_concepts(lowered: str) -> tuple[list[Hit], set[str]]:
    """The keyword hits (as `scan`) and the concepts the message mentions, in one pass.

    A concept word only has to start a word ("collaps" covers "collapsed"); masks hide keywords,
    never concepts.
    """
    hits: list[Hit] = []
    concepts: set[str] = set()
    any_mask = False
    last = len(lowered) - 1
    words = WORD_CHARS
    new_tuple = tuple.__new__  # Hit(...) calls a NamedTuple's __new__, written in Python: 3 times the cost
    for end, entry in automaton().iter(lowered):
        length, check_left, check_right, keyword, _, masks, _, _, _, meanings = entry
        start = end - length + 1
        if check_left and start > 0 and lowered[start - 1] in words:
            continue
        if meanings:
            concepts.update(meanings)
        if not keyword or (check_right and end < last and lowered[end + 1] in words):
            continue
        if masks:
            any_mask = True
        hits.append(new_tuple(Hit, (start, end, entry)))
    if not any_mask:
        return hits, concepts
    spans = [(h.start, h.end) for h in hits if h.entry.masks]
    kept = [
        h
        for h in hits
        if h.entry.masks
        or not any(s <= h.start and h.end <= e and (s, e) != (h.start, h.end) for s, e in spans)
    ]
    return kept, concepts
