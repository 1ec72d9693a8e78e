"""Urgency said in so many words: LABELS.md makes 急, 紧急, 急需, urgent, asap urgent even when a
later deadline is named ("急需一台轮椅,老人明天出院"), so that stays a rule, not a probability."""

from __future__ import annotations

import re

# 急 unless negated (不急, 不着急, 不用很急, 唔急), part of a medical word (急诊, 急症, 急救, 急性)
# or of a thing's name (紧急联系人 an emergency contact, 紧急出口 an exit: "set up an emergency
# contact, whenever" is not urgent).
_CHINESE = re.compile(
    r"(?<![不别没唔])(?<!不着)(?<!别着)(?<!没着)(?<!唔着)(?<!不是很)(?<!不用很)(?<!不太)(?<!没那么)(?<!不那么)"
    r"急(?![诊症救性]|联系|出口)"
)
_ENGLISH = re.compile(r"(?<!not )(?<!no )(?<!isn't )(?<!nothing )\b(?:urgent(?:ly)?|asap)\b")


def explicitly_urgent(lowered: str) -> bool:
    # Both patterns open with look-behinds, which `re` tries at every position of the text; a
    # substring test first skips them for the messages that cannot match (nearly all).
    if "急" in lowered and _CHINESE.search(lowered) is not None:
        return True
    return ("urgent" in lowered or "asap" in lowered) and _ENGLISH.search(lowered) is not None
