"""Scoring the parser against labelled messages: pure functions, no I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from handlers.domain import Kind

FIELDS = ("kind", "category", "building", "urgent", "emergency")
KIND_NAMES = tuple(str(k) for k in Kind)

Label = Mapping[str, object]


@dataclass(frozen=True, slots=True)
class BinaryScore:
    true_positive: int
    false_positive: int
    false_negative: int

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        # Nothing predicted and nothing to find is perfect; nothing predicted but something to find is 0.
        return self.true_positive / found if found else float(self.false_negative == 0)

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class Miss:
    index: int
    text: str
    gold: dict[str, object]
    predicted: dict[str, object]

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(f for f in FIELDS if self.gold.get(f) != self.predicted.get(f))


@dataclass(frozen=True, slots=True)
class Evaluation:
    total: int
    accuracy: dict[str, float]
    request: BinaryScore
    kind_macro_f1: float
    per_kind: dict[str, BinaryScore]
    confusion: dict[str, dict[str, int]]  # gold kind -> predicted kind -> count
    category_accuracy_on_requests: float
    building_exact_match: float
    emergency: BinaryScore
    urgent: BinaryScore
    misses: list[Miss] = field(default_factory=list)


def binary(gold: Sequence[bool], predicted: Sequence[bool]) -> BinaryScore:
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g and p)
    fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p and not g)
    fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g and not p)
    return BinaryScore(tp, fp, fn)


def evaluate(
    gold: Sequence[Label], predicted: Sequence[Label], texts: Sequence[str] | None = None
) -> Evaluation:
    """Compare predicted labels with gold labels, message by message."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    total = len(gold)
    accuracy = {
        f: (sum(1 for g, p in zip(gold, predicted, strict=True) if g.get(f) == p.get(f)) / total if total else 0.0)
        for f in FIELDS
    }
    gold_kinds = [str(g.get("kind")) for g in gold]
    pred_kinds = [str(p.get("kind")) for p in predicted]
    per_kind = {
        k: binary([g == k for g in gold_kinds], [p == k for p in pred_kinds]) for k in KIND_NAMES
    }
    present = [k for k in KIND_NAMES if k in gold_kinds or k in pred_kinds]
    macro = sum(per_kind[k].f1 for k in present) / len(present) if present else 0.0
    confusion = {k: {j: 0 for j in KIND_NAMES} for k in KIND_NAMES}
    for g, p in zip(gold_kinds, pred_kinds, strict=True):
        confusion.setdefault(g, {j: 0 for j in KIND_NAMES})
        confusion[g][p] = confusion[g].get(p, 0) + 1
    requests = [i for i, k in enumerate(gold_kinds) if k == "request"]
    category_ok = sum(1 for i in requests if gold[i].get("category") == predicted[i].get("category"))
    misses = [
        Miss(
            i,
            texts[i] if texts is not None else "",
            {f: gold[i].get(f) for f in FIELDS},
            {f: predicted[i].get(f) for f in FIELDS},
        )
        for i in range(total)
        if any(gold[i].get(f) != predicted[i].get(f) for f in FIELDS)
    ]
    return Evaluation(
        total=total,
        accuracy=accuracy,
        request=per_kind["request"],
        kind_macro_f1=macro,
        per_kind=per_kind,
        confusion=confusion,
        category_accuracy_on_requests=category_ok / len(requests) if requests else 1.0,
        building_exact_match=accuracy["building"],
        emergency=binary([bool(g.get("emergency")) for g in gold], [bool(p.get("emergency")) for p in predicted]),
        urgent=binary([bool(g.get("urgent")) for g in gold], [bool(p.get("urgent")) for p in predicted]),
        misses=misses,
    )


def format_report(result: Evaluation, title: str = "") -> str:
    """A plain-text report: headline figures, confusion matrix, then every miss."""
    lines = [f"== {title} ({result.total} messages)" if title else f"== {result.total} messages"]
    lines.append(
        "accuracy: " + "  ".join(f"{f}={result.accuracy[f]:.3f}" for f in FIELDS)
    )
    r = result.request
    lines.append(
        f"request: precision={r.precision:.3f} recall={r.recall:.3f} f1={r.f1:.3f}"
        f"  (tp={r.true_positive} fp={r.false_positive} fn={r.false_negative})"
    )
    lines.append(f"kind macro-F1: {result.kind_macro_f1:.3f}")
    lines.append(f"category accuracy on gold requests: {result.category_accuracy_on_requests:.3f}")
    lines.append(f"building exact match: {result.building_exact_match:.3f}")
    e = result.emergency
    lines.append(
        f"emergency: recall={e.recall:.3f} precision={e.precision:.3f}"
        f"  (tp={e.true_positive} fp={e.false_positive} fn={e.false_negative})"
    )
    u = result.urgent
    lines.append(f"urgent: f1={u.f1:.3f} precision={u.precision:.3f} recall={u.recall:.3f}")
    lines.append("confusion (rows gold, columns predicted):")
    width = max(len(k) for k in KIND_NAMES) + 1
    lines.append(" " * width + "".join(k[:7].rjust(8) for k in KIND_NAMES))
    for g in KIND_NAMES:
        row = result.confusion.get(g, {})
        lines.append(g.ljust(width) + "".join(str(row.get(p, 0)).rjust(8) for p in KIND_NAMES))
    lines.append(f"misses: {len(result.misses)}")
    for miss in result.misses:
        diffs = ", ".join(
            f"{f}: {miss.gold[f]!r} -> {miss.predicted[f]!r}" for f in miss.fields
        )
        lines.append(f"  #{miss.index + 1} {miss.text[:120]}  [{diffs}]")
    return "\n".join(lines)
