"""Text normalisation: one canonical form that every later rule can rely on.

Residents type full-width digits (１５号楼), full-width punctuation, curly quotes and mixed case;
rules are written once, against the normalised form only.
"""

from __future__ import annotations

import unicodedata

# Telegram caps a message at 4096 characters; anything longer is not a chat message we must
# understand in full, and a bound keeps the cost per message flat.
MAX_ANALYSED_CHARS = 4096

# NFKC folds full-width forms (！，１Ａ) but leaves CJK punctuation such as 。、 and curly quotes.
_EXTRA = str.maketrans(
    {
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
)


def normalise(text: str) -> tuple[str, str]:
    """Return (folded, lowered): NFKC-folded text and its lower-case form.

    The folded form keeps case because an English building letter ("Building B") is only
    trusted when it was written in upper case ("building a shed" must not give "A").
    """
    if len(text) > MAX_ANALYSED_CHARS:
        text = text[:MAX_ANALYSED_CHARS]
    if text.isascii():
        # Nothing to fold: ASCII is already in canonical form (keywords never span a newline).
        return text, text.lower()
    folded = unicodedata.normalize("NFKC", text).translate(_EXTRA)
    return folded, folded.lower()
