"""The committed model is what the corpus builds, and the packed scorer adds up like the floats."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.reader_cli import CORPUS_DIR, corpus_files
from handlers.understanding.artefact import MODEL_PATH, PACKED_PATH, load_document, pack_document, packed_path
from handlers.understanding.corpus import CorpusError, load_examples, read_file
from handlers.understanding.model import SCALE, LinearModel
from handlers.understanding.reading import features_of
from handlers.understanding.training import corpus_digest, train

CORPUS = corpus_files(CORPUS_DIR)


def test_the_committed_model_was_trained_on_the_corpus_as_it_is() -> None:
    document = load_document(MODEL_PATH)
    assert document["corpus_sha256"] == corpus_digest(load_examples(CORPUS)), (
        "the corpus changed since the model was trained: run `jinlin train`"
    )


def test_training_again_rebuilds_the_committed_model(tmp_path: Path) -> None:
    out = tmp_path / "model.json.gz"
    train(CORPUS, out)
    rebuilt, committed = load_document(out), load_document(MODEL_PATH)
    assert rebuilt["thresholds"] == committed["thresholds"]
    assert rebuilt["version"] == committed["version"]
    rebuilt_weights, committed_weights = rebuilt["weights"], committed["weights"]
    assert isinstance(rebuilt_weights, dict) and isinstance(committed_weights, dict)
    assert rebuilt_weights.keys() == committed_weights.keys()
    # The solver is deterministic; a tolerance keeps the test honest across BLAS builds.
    worst = max(
        abs(a - b)
        for feature, row in rebuilt_weights.items()
        for a, b in zip(row, committed_weights[feature], strict=True)
    )
    assert worst < 1e-3
    # Training writes the packed twin the reader loads, packed from what it wrote.
    assert packed_path(out).read_bytes() == pack_document(rebuilt)


def test_the_committed_packed_model_is_the_committed_model_packed() -> None:
    # The reader loads the packed twin; it must be exactly what the proven JSON packs into.
    assert PACKED_PATH.read_bytes() == pack_document(load_document(MODEL_PATH)), (
        "reader_model.packed is stale: run `jinlin train`"
    )


def test_the_artefact_is_small() -> None:
    assert MODEL_PATH.stat().st_size < 5_000_000
    assert PACKED_PATH.stat().st_size < 5_000_000


def test_packed_scores_equal_float_sums() -> None:
    model = LinearModel(load_document(MODEL_PATH))
    document = load_document(MODEL_PATH)
    weights = document["weights"]
    bias = document["bias"]
    assert isinstance(weights, dict) and isinstance(bias, list)
    for text in ["要下雨啦,198号楼谁家有人在,请帮我收下被子!", "my dad collapsed in the lift, not breathing", "好"]:
        features = set(features_of(text))
        expected = list(bias)
        for feature in features:
            row = weights.get(feature, [])
            for slot, weight in zip(row[0::2], row[1::2], strict=True):
                expected[slot] += weight
        got = model.logits(features)
        assert max(abs(a - b) for a, b in zip(got, expected, strict=True)) <= len(features) / SCALE


def test_a_broken_corpus_line_fails_loudly(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "帮我收被子", "kind": "request", "category": "laundri", "building": null, '
                   '"urgent": false, "emergency": false}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.jsonl:1"):
        read_file(bad)
    with pytest.raises(CorpusError, match="not found"):
        read_file(tmp_path / "missing.jsonl")



def test_reading_a_message_loads_no_numeric_library() -> None:
    probe = (
        "import sys\n"
        "from handlers.understanding import read_message\n"
        "read_message('要下雨啦,198号楼谁家有人在,请帮我收下被子!')\n"
        "print(sorted(m for m in ('numpy', 'scipy', 'sklearn') if m in sys.modules))\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.strip() == "[]"
