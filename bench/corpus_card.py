"""Counts for docs/data-card.md: messages per file, kind, category and script (rerun after any change).

.venv/bin/python bench/corpus_card.py
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.reader_cli import CORPUS_DIR, corpus_files  # noqa: E402
from handlers.understanding.corpus import KINDS, Example, read_file  # noqa: E402
from handlers.understanding.normalise import traditional_pairs  # noqa: E402
from handlers.understanding.training import is_validation  # noqa: E402

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORDS = re.compile(r"[A-Za-z]{2,}")


def script(text: str, traditional: dict[str, str]) -> str:
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN_WORDS.findall(text))
    if cjk == 0:
        return "en"
    kind = "zh-trad" if sum(ch in traditional for ch in text) >= 2 else "zh"
    return "mixed" if latin >= 2 else kind


def main() -> None:
    traditional = traditional_pairs()
    blind = sorted((ROOT / "data" / "blind").glob("*.jsonl"))
    print("| file | messages | validation | " + " | ".join(KINDS) + " | emergencies | zh | zh-trad | en | mixed |")
    print("|---" * (len(KINDS) + 8) + "|")
    seen: set[str] = set()
    totals: Counter[str] = Counter()  # categories of the training corpus
    for path in [*corpus_files(CORPUS_DIR), *blind]:
        rows: list[Example] = read_file(path)
        kinds = Counter(ex.kind for ex in rows)
        scripts = Counter(script(ex.text, traditional) for ex in rows)
        held = sum(is_validation(ex.text) for ex in rows if ex.text not in seen) if path not in blind else 0
        seen.update(ex.text for ex in rows)
        name = os.path.relpath(path.resolve(), ROOT)
        cells = [str(kinds[k]) for k in KINDS]
        print(
            f"| {name} | {len(rows)} | {held} | "
            + " | ".join(cells)
            + f" | {sum(ex.emergency for ex in rows)} | "
            + " | ".join(str(scripts[s]) for s in ("zh", "zh-trad", "en", "mixed"))
            + " |"
        )
        if path not in blind:
            totals.update(ex.category for ex in rows if ex.category is not None)
    print("\ncorpus categories (request/offer/concern):", ", ".join(f"{c} {n}" for c, n in sorted(totals.items())))


if __name__ == "__main__":
    main()
