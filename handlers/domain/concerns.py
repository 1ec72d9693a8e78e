"""Concerns as matters (一事一记): residents' raisings merged into one record, its status and its log.

A raising is one resident's message read as a concern (handlers/domain/lists.py `Concern`); a
`Matter` is what the secretary tracks: the same problem raised by several neighbours, counted,
moved raised → tabled → in hand → fixed / declined, with an owner, notes and an outcome.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from functools import cache


class ConcernStatus(StrEnum):
    RAISED = "raised"
    TABLED = "tabled"  # on a residents' meeting's agenda (邻里汇, 恳谈会)
    IN_HAND = "in_hand"
    FIXED = "fixed"
    DECLINED = "declined"

    @property
    def is_open(self) -> bool:
        return self not in (ConcernStatus.FIXED, ConcernStatus.DECLINED)


class MatterEventType(StrEnum):
    RAISED = "raised"  # the first raising opened the matter
    MERGED = "merged"  # another raising joined it
    STATUS = "status"
    OWNER = "owner"
    NOTE = "note"
    OUTCOME = "outcome"
    TOLD = "told"  # the groups where it was raised were told it is fixed


@dataclass(frozen=True, slots=True)
class Matter:
    id: int
    community: str | None
    compound: str | None
    building: str | None
    category: str | None
    text: str  # the first raising's words
    status: ConcernStatus
    first_at: datetime
    last_at: datetime
    raised: int = 1  # raisings, the same resident's repeats included
    residents: int = 1  # distinct residents who raised it
    chats: tuple[int, ...] = ()
    owner_id: int | None = None
    owner_name: str | None = None
    note: str | None = None  # the latest note
    outcome: str | None = None  # the latest outcome recorded
    meeting: date | None = None  # the meeting it was tabled for
    closed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class MatterEvent:
    matter_id: int
    type: MatterEventType
    actor_id: int | None
    at: datetime
    detail: dict[str, object] = field(default_factory=dict)


# --- merging: is a new raising the same matter as an open one? ----------------------------

# What a concern is about, in both languages: two raisings naming different subjects are
# different matters however alike the rest of their words ("路灯坏了" is not "楼道灯坏了").
SUBJECTS: dict[str, tuple[str, ...]] = {
    "lift": ("电梯", "升降机", "lift", "elevator"),
    "street_light": ("路灯", "street light", "streetlight", "lamp post"),
    "stair_light": ("楼道灯", "楼梯灯", "声控灯", "stair light", "stairwell light", "corridor light"),
    "rubbish": ("垃圾", "rubbish", "garbage", "trash", "bins"),
    "water": ("停水", "水压", "漏水", "水管", "water", "leak", "pipe"),
    "power": ("停电", "跳闸", "power cut", "blackout", "outage"),
    "drain": ("下水道", "堵了", "化粪池", "drain", "sewer", "blocked"),
    "parking": ("停车", "车位", "乱停", "parking", "parked"),
    "gate": ("门禁", "大门", "gate", "door entry"),
    "dogs": ("狗", "狗屎", "dog", "dogs"),
    "dancing": ("广场舞", "square danc"),
    "building_work": ("装修", "施工", "电钻", "renovat", "drilling", "construction"),
    "greenery": ("绿化", "树枝", "草坪", "tree", "lawn", "grass"),
}
# A raising with no known subject is matched on its words alone, and must share this much.
MIN_SIMILARITY = 0.3

_CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]+")
_WORD = re.compile(r"[a-z]+")
_STOP = frozenset(
    ("the", "a", "an", "in", "is", "are", "was", "of", "to", "and", "again", "it", "its", "on", "at", "for", "our",
     "my", "we", "building", "block", "no", "not", "nobody", "this", "that", "there", "has", "have", "been", "so",
     "very", "too", "still", "days", "day", "yet", "please", "any", "anyone", "can", "could", "someone")
)


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


@cache
def _subject_words() -> tuple[tuple[str, str], ...]:
    return tuple((word, subject) for subject, words in SUBJECTS.items() for word in words)


def subjects(text: str) -> frozenset[str]:
    """The subjects a concern names ("电梯又坏了" → {"lift"})."""
    folded = _folded(text)
    return frozenset(subject for word, subject in _subject_words() if word in folded)


def tokens(text: str) -> frozenset[str]:
    """Character bigrams of Chinese runs and English words (stop words and digits dropped; a
    plural's "s" folded), so "the lifts are broken" and "lift broken" share their words."""
    folded = _folded(text)
    found: set[str] = set()
    for run in _CJK.findall(folded):
        found.update([run] if len(run) == 1 else (run[i : i + 2] for i in range(len(run) - 1)))
    for word in _WORD.findall(folded):
        if word not in _STOP and len(word) > 1:
            found.add(word[:-1] if len(word) > 3 and word.endswith("s") else word)
    return frozenset(found)


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' tokens, in [0, 1]."""
    ta, tb = tokens(a), tokens(b)
    union = ta | tb
    return len(ta & tb) / len(union) if union else 0.0


def same_matter(new_text: str, new_building: str | None, matter_building: str | None, texts: Iterable[str]) -> bool:
    """Whether a raising (already of the matter's compound and category) is the matter's problem.

    Buildings must agree where both are named. Then the subjects decide: shared → the same;
    both named and disjoint → different. Without a subject on one side the words decide.
    """
    if new_building and matter_building and new_building != matter_building:
        return False
    mine = subjects(new_text)
    for text in texts:
        theirs = subjects(text)
        if mine & theirs:
            return True
        if mine and theirs:
            continue
        if similarity(new_text, text) >= MIN_SIMILARITY:
            return True
    return False


def best_match(
    new_text: str, new_building: str | None, candidates: Sequence[tuple[Matter, Sequence[str]]]
) -> Matter | None:
    """The open matter a raising joins: the first candidate (they come most-raised first) that
    `same_matter` accepts, preferring one of the same building over one that names none."""
    accepted = [
        m for m, texts in candidates if m.status.is_open and same_matter(new_text, new_building, m.building, texts)
    ]
    exact = [m for m in accepted if m.building == new_building]
    return next(iter(exact or accepted), None)


def joined(matter: Matter, user_is_new: bool, chat_id: int, building: str | None, at: datetime) -> Matter:
    """The matter after one more raising (a matter that named no building takes the raising's)."""
    chats = matter.chats if chat_id in matter.chats else (*matter.chats, chat_id)
    return replace(
        matter,
        raised=matter.raised + 1,
        residents=matter.residents + (1 if user_is_new else 0),
        chats=chats,
        last_at=max(matter.last_at, at),
        building=matter.building or building,
    )


def agenda_order(matters: Iterable[Matter]) -> list[Matter]:
    """Most-raised first (distinct residents, then raisings), then the oldest."""
    return sorted(matters, key=lambda m: (-m.residents, -m.raised, m.first_at, m.id))


def moved(matter: Matter, to: ConcernStatus, at: datetime) -> Matter:
    """The matter in a new status; closing stamps closed_at, reopening clears it."""
    return replace(matter, status=to, closed_at=None if to.is_open else at)
