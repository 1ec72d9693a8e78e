"""What the learned reader sees of a message: character n-grams, words and the rules' verdict.

Chinese is read as character unigrams, bigrams and trigrams rather than segmented words: a
segmenter (jieba) loads a 20 MB dictionary, costs more than the whole reader per message and
splits chat slang and Minnan or Cantonese words badly, while overlapping n-grams cover every
word a segmenter would find. English is read as words, word pairs and five-letter stems, so
"collapsed" and "collapsing" share evidence and typos cost one feature, not all of them.
Digits are folded to "0": a building number or a time says nothing about what is asked.

The keyword rules' verdict (kind, category, flags, the keywords that fired) is added as
features too, so the model learns how far to trust each hand-written rule on real messages.
"""

from __future__ import annotations

import re

from handlers.understanding.classify import Decision

_DIGITS = re.compile(r"\d+")
# A token is a run of Latin letters (with inner apostrophes), or one CJK character, or one
# of the punctuation marks that carry meaning in chat.
_TOKENS = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[\u3400-\u9fff\uf900-\ufaff]|[!?]")
_STEM = 5
_CUE_KINDS = frozenset({"E", "U", "S", "O", "N", "H", "F"})


def text_features(lowered: str) -> list[str]:
    """The n-gram and word features of a lower-cased, normalised message."""
    text = _DIGITS.sub("0", lowered)
    feats: list[str] = []
    append = feats.append
    run: list[str] = []  # the current run of CJK characters
    previous_word = ""
    for token in _TOKENS.findall(text):
        if len(token) == 1 and token >= "\u3400":
            run.append(token)
            continue
        if run:
            _cjk_grams(run, feats)
            run = []
        if token in "!?":
            append(token)
            previous_word = ""
            continue
        append("w:" + token)
        if len(token) > _STEM:
            append("s:" + token[:_STEM])
        if previous_word:
            append("b:" + previous_word + " " + token)
        previous_word = token
    if run:
        _cjk_grams(run, feats)
    return feats


def _cjk_grams(run: list[str], feats: list[str]) -> None:
    joined = "".join(run)
    n = len(joined)
    feats.extend(run)
    feats.extend([joined[i : i + 2] for i in range(n - 1)])
    feats.extend([joined[i : i + 3] for i in range(n - 2)])


def rule_features(decision: Decision) -> list[str]:
    """The keyword rules' verdict as features: their kind and category, each flag, each keyword."""
    feats = ["r:" + decision.kind.value]
    if decision.category is not None:
        feats.append("rc:" + decision.category)
    if decision.urgent:
        feats.append("r:urgent")
    if decision.emergency:
        feats.append("r:emergency")
    for cue in decision.cues:
        head, _, _ = cue.partition(":")
        if head == "rule":
            feats.append(cue.partition(" ")[0])
        elif head in _CUE_KINDS:
            feats.append("f:" + head)
        feats.append("k:" + cue)
    return feats


def length_feature(lowered: str) -> str:
    n = len(lowered)
    return "len:1" if n <= 4 else "len:2" if n <= 12 else "len:3" if n <= 40 else "len:4"
