"""Regression guard, not a measure of quality: the committed model on sets it was trained on.

Every set here is part of the training corpus (data/corpus and ../shared/data/messages-dev.jsonl),
so figures on them say only that nothing broke. Quality is measured once, blind, on the sets in
data/blind/ (docs/understanding.md), which this suite checks are kept apart and never scores.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.reader_cli import CORPUS_DIR, SHARED_DEV, corpus_files
from handlers.understanding import read_message
from handlers.understanding.corpus import load_examples, read_file
from handlers.understanding.evaluation import Evaluation, evaluate, format_report

ROOT = Path(__file__).resolve().parents[2]
BLIND = sorted((ROOT / "data" / "blind").glob("*.jsonl"))
TUNED_ON = [SHARED_DEV, CORPUS_DIR / "legacy-heldout-2.jsonl", CORPUS_DIR / "author-f-hard.jsonl"]


def _evaluate(path: Path) -> Evaluation:
    rows = [ex.label() for ex in read_file(path)]
    texts = [str(row["text"]) for row in rows]
    return evaluate(rows, [read_message(t).as_label() for t in texts], texts)


@pytest.mark.parametrize("path", TUNED_ON, ids=[p.stem for p in TUNED_ON])
def test_no_regression_on_sets_the_model_was_trained_on(path: Path) -> None:
    result = _evaluate(path)
    report = format_report(result, str(path))
    assert result.request.f1 >= 0.97, report
    assert result.kind_macro_f1 >= 0.92, report
    assert result.category_accuracy_on_requests >= 0.93, report
    assert result.building_exact_match >= 0.97, report
    assert result.emergency.recall == 1.0, report
    # A regression guard, not the target: the emergency threshold is capped for recall on
    # strangers' messages (training.EMERGENCY_CEILING), which costs precision even on sets the
    # model was trained on (0.80 on legacy-heldout-2 and 0.87 on author-f-hard in round 5, 0.80
    # and 0.85 in round 6). Round 6's not-now rule and kind-head floor are judged leave-one-author-out,
    # not here.
    assert result.emergency.precision >= 0.75, report
    assert result.urgent.f1 >= 0.9, report


def test_the_shared_dev_set_is_read_from_the_shared_folder() -> None:
    assert SHARED_DEV.resolve() == (ROOT.parent / "shared" / "data" / "messages-dev.jsonl").resolve()
    assert SHARED_DEV in corpus_files(CORPUS_DIR)
    assert len(read_file(SHARED_DEV)) >= 100


def test_blind_sets_share_no_message_with_the_corpus() -> None:
    # Between rounds the folder holds only its README (the sets scored last moved into the
    # corpus); whatever sets it holds must be kept apart from the corpus.
    assert (ROOT / "data" / "blind" / "README.md").is_file()
    corpus = {ex.text for ex in load_examples(corpus_files(CORPUS_DIR))}
    for path in BLIND:
        blind = read_file(path)
        assert len(blind) >= 200, path  # a set big enough to score: 220-300 as written, less the corpus repeats
        assert not corpus & {ex.text for ex in blind}, path


def test_scored_blind_sets_are_in_the_corpus_under_their_round() -> None:
    names = {path.stem for path in corpus_files(CORPUS_DIR)}
    assert {"blind-round-4-a", "blind-round-4-b"} <= names
    assert {"blind-round-5-a", "blind-round-5-b", "blind-round-5-c"} <= names
    assert {"blind-round-6-a", "blind-round-6-b"} <= names
    assert {"blind-round-7-a", "blind-round-7-b", "blind-round-7-c"} <= names
    assert {"blind-round-8-a", "blind-round-8-b", "blind-round-9-a", "blind-round-9-b"} <= names
    assert {"blind-round-9-c", "blind-round-9-d", "blind-round-9-e"} <= names
    assert {f"blind-round-{n}-{x}" for n in (10, 11, 12, 13) for x in "ab"} <= names
    # Sets whose misses were read (now corpus) must not linger in data/blind/ as if blind.
    read = {f"blind-{n}" for n in (*range(8, 27), 30, 31, 33, 34, 35, 36)}
    assert not read & {path.stem for path in BLIND}


def test_the_corpus_is_large_and_covers_every_kind_and_category() -> None:
    examples = load_examples(corpus_files(CORPUS_DIR))
    assert len(examples) >= 4000
    assert {ex.kind for ex in examples} == {"request", "offer", "claim", "done", "cancel", "concern", "chat"}
    request_categories = {ex.category for ex in examples if ex.kind == "request"}
    assert len(request_categories) == 18
    assert sum(ex.emergency for ex in examples) >= 200


def test_evaluation_arithmetic() -> None:
    gold: list[dict[str, object]] = [
        {"kind": "request", "category": "pet", "building": "3", "urgent": True, "emergency": True},
        {"kind": "chat", "category": None, "building": None, "urgent": False, "emergency": False},
        {"kind": "request", "category": "meal", "building": None, "urgent": False, "emergency": False},
    ]
    predicted: list[dict[str, object]] = [
        {"kind": "request", "category": "pet", "building": "3", "urgent": True, "emergency": True},
        {"kind": "request", "category": "other", "building": None, "urgent": False, "emergency": False},
        {"kind": "request", "category": "errand", "building": None, "urgent": True, "emergency": False},
    ]
    result = evaluate(gold, predicted, ["a", "b", "c"])
    assert result.request.precision == pytest.approx(2 / 3)
    assert result.request.recall == 1.0
    assert result.category_accuracy_on_requests == 0.5
    assert result.emergency.recall == 1.0
    assert result.urgent.precision == 0.5
    assert result.confusion["chat"]["request"] == 1
    assert [m.index for m in result.misses] == [1, 2]
    assert result.accuracy["building"] == 1.0
