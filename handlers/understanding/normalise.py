"""Text normalisation: one canonical form that every later rule can rely on.

Residents type full-width digits (１５号楼), full-width punctuation, curly quotes, mixed case and,
from Hong Kong or Taiwan phones, traditional characters (幫我收下衣服, 5號樓). Rules are written
once, against the normalised form only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path

# Telegram caps a message at 4096 characters; anything longer is not a chat message we must
# understand in full, and a bound keeps the cost per message flat.
MAX_ANALYSED_CHARS = 4096

# NFKC folds full-width forms (！，１Ａ) but leaves CJK punctuation such as 。、 and curly quotes.
_PUNCTUATION = {
    "。": ".",
    "、": ",",
    "～": "~",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "—": "-",
    "–": "-",
    "－": "-",
    "\u3000": " ",
    "\n": " ",
    "\t": " ",
    "\r": " ",
}
# Invisible format characters: zero-width spaces and joiners, bidi marks and embeddings, the
# word joiner, the BOM, the soft hyphen. Pasted text carries them, and "19\u200b8号楼" is 198.
_INVISIBLE = (
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)

# Invisible marks (zero-width spaces and joiners, direction marks and isolates, the BOM, the soft
# hyphen) carry no words, but inside "19\u200b8号楼" they would split a building number in two.
_INVISIBLE = (
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)

# Traditional -> simplified, one character for one character: OpenCC's character table
# (traditional.txt, about 3,000 pairs of characters not in everyday simplified use), so that a
# message from Taipei or Hong Kong shares its evidence with its simplified twin, for the
# keyword rules and the model alike. Cantonese words (咗, 喺, 冇) have no simplified form and
# stay as they are: the model learns them from the corpus.
TRADITIONAL_TABLE = Path(__file__).with_name("traditional.txt")


def traditional_pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in TRADITIONAL_TABLE.read_text(encoding="utf-8").splitlines():
        if len(line) == 2:
            pairs[line[0]] = line[1]
    return pairs


@cache
def _table() -> dict[int, str | None]:
    """One str.translate table for punctuation and traditional characters, built on first use."""
    table: dict[int, str | None] = {ord(k): v for k, v in traditional_pairs().items()}
    table.update({ord(k): v for k, v in _PUNCTUATION.items()})
    table.update(dict.fromkeys(map(ord, _INVISIBLE), ""))
    return table


def normalise(text: str) -> tuple[str, str]:
    """Return (folded, lowered): NFKC-folded, simplified text and its lower-case form.

    The folded form keeps case because an English building letter ("Building B") is only
    trusted when it was written in upper case ("building a shed" must not give "A").
    """
    if len(text) > MAX_ANALYSED_CHARS:
        text = text[:MAX_ANALYSED_CHARS]
    if text.isascii():
        # Nothing to fold: ASCII is already in canonical form (keywords never span a newline).
        return text, text.lower()
    folded = unicodedata.normalize("NFKC", text)
    if _translated()(folded) is not None:  # most messages hold nothing to translate
        folded = folded.translate(_table())
    return folded, folded.lower()


@cache
def _translated() -> Callable[[str], re.Match[str] | None]:
    """Finds a character that the table changes. str.translate looks every character up in the
    table, one dictionary look-up each; a character class tests them in C, and three messages in
    four have none of them, so the translation is skipped for those (its result would be the same)."""
    return re.compile("[" + "".join(map(re.escape, map(chr, sorted(_table())))) + "]").search
