"""Quality gate: the parser must meet its targets on the shared dev set and both held-out sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handlers.understanding import read_message
from handlers.understanding.evaluation import Evaluation, evaluate, format_report

ROOT = Path(__file__).resolve().parents[2]
DEV = Path("/work/shared/data/messages-dev.jsonl")
HELDOUT = ROOT / "tests/data/messages-heldout.jsonl"
HELDOUT2 = ROOT / "tests/data/messages-heldout2.jsonl"
TRAIN = ROOT / "tests/data/messages-train.jsonl"


def _evaluate(path: Path) -> Evaluation:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [row["text"] for row in rows]
    return evaluate(rows, [read_message(t).as_label() for t in texts], texts)


@pytest.mark.parametrize("path", [DEV, HELDOUT, HELDOUT2], ids=["dev", "heldout", "heldout2"])
def test_targets(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} not available")
    result = _evaluate(path)
    report = format_report(result, str(path))
    assert result.request.f1 >= 0.97, report
    assert result.kind_macro_f1 >= 0.92, report
    assert result.category_accuracy_on_requests >= 0.93, report
    assert result.building_exact_match >= 0.97, report
    assert result.emergency.recall == 1.0, report
    assert result.emergency.precision >= 0.9, report
    assert result.urgent.f1 >= 0.9, report


def _rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_data_sets_are_large_and_disjoint() -> None:
    train, heldout, heldout2 = _rows(TRAIN), _rows(HELDOUT), _rows(HELDOUT2)
    assert len(train) + len(heldout) >= 400
    assert len(heldout) >= 150
    assert len(heldout2) >= 80
    texts = [{r["text"] for r in rows} for rows in (train, heldout, heldout2)]
    assert not texts[0] & texts[1]
    assert not texts[0] & texts[2]
    assert not texts[1] & texts[2]
    kinds = {r["kind"] for r in train} | {r["kind"] for r in heldout}
    assert kinds == {"request", "offer", "claim", "done", "cancel", "concern", "chat"}


def test_evaluation_arithmetic() -> None:
    gold = [
        {"kind": "request", "category": "pet", "building": "3", "urgent": True, "emergency": True},
        {"kind": "chat", "category": None, "building": None, "urgent": False, "emergency": False},
        {"kind": "request", "category": "meal", "building": None, "urgent": False, "emergency": False},
    ]
    predicted = [
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
