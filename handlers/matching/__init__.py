"""Matching volunteers to requests: skills vocabulary, rings, ranking and call selection.

Pure and framework-free: imports nothing from aiogram, telegram or sqlalchemy.
"""

from handlers.matching.explain import explain
from handlers.matching.model import Candidate, MatchQuery, MatchSettings, Ranked
from handlers.matching.places import ring_of
from handlers.matching.ranking import choose_calls, rank, select_calls
from handlers.matching.skills import (
    CATEGORY_SKILLS,
    ENTERS_HOME,
    SKILL_LABELS,
    parse_skills,
    skill_label,
)

__all__ = [
    "CATEGORY_SKILLS",
    "ENTERS_HOME",
    "SKILL_LABELS",
    "Candidate",
    "MatchQuery",
    "MatchSettings",
    "Ranked",
    "choose_calls",
    "explain",
    "parse_skills",
    "rank",
    "ring_of",
    "select_calls",
    "skill_label",
]
