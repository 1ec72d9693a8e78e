"""The learned reader's weights, and scoring a message with them in plain Python.

The model is four linear heads over one sparse feature space: `kind` (7 classes), `category`
(18), `urgent` and `emergency` (one logit each): 27 outputs. Scoring a message is adding up the
weight rows of its features, and Python adds one big integer far faster than 27 floats. So
each feature's row is packed at load time into one integer: every output a 32-bit field
holding its weight in fixed point (1/1024) plus an offset that keeps the field non-negative,
and one more field holding 1, which counts the features added. One C-level `sum` over the
message's features adds all 27 outputs at once; unpacking subtracts the offsets. The sum is
exact, so the packed model gives the same scores as the float one to 1/1024 per feature.
No numpy at run time. The packing is done once, by `jinlin train`, and stored (artefact.py).
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat

HEADS = ("kind", "category", "urgent", "emergency")

SCALE = 1024  # fixed point: a weight is stored to 1/1024
_FIELD = 32  # bits per output; a message has far fewer than 2**15 features
_OFFSET = 1 << 15  # |weight| * SCALE stays below this
_MASK = (1 << _FIELD) - 1
_LIMIT = (_OFFSET - 1) / SCALE


@dataclass(frozen=True, slots=True)
class Scores:
    kind: dict[str, float]  # probability of each kind
    urgent: float
    emergency: float
    category_logits: tuple[float, ...]  # categories in LinearModel.categories order
    categories: tuple[str, ...]

    def category(self) -> dict[str, float]:
        """Probability of each category, given the message is a request, offer or concern."""
        return dict(zip(self.categories, softmax(self.category_logits), strict=True))


@dataclass(frozen=True, slots=True)
class Thresholds:
    emergency: float  # the model alone raises an emergency at or above this (recall 1.0 on validation)
    urgent: float
    unsure_low: float  # a request probability in [unsure_low, unsure_high) makes the bot ask first
    unsure_high: float


def row_bytes(outputs: int) -> int:
    """The bytes of one packed row: the counting field and one field per output."""
    return (outputs + 1) * _FIELD // 8


class LinearModel:
    """Sparse multi-head logistic regression, as exported by `jinlin train`.

    `packed` gives the rows already packed (artefact.py's packed form); without it the
    document's float `weights` are packed here.
    """

    def __init__(self, document: dict[str, object], packed: dict[str, int] | None = None) -> None:
        heads = document["heads"]
        assert isinstance(heads, dict)
        self.kinds: tuple[str, ...] = tuple(heads["kind"])
        self.categories: tuple[str, ...] = tuple(heads["category"])
        self.urgent_slot = len(self.kinds) + len(self.categories)
        self.emergency_slot = self.urgent_slot + 1
        bias = document["bias"]
        assert isinstance(bias, list)
        self._bias: tuple[float, ...] = tuple(float(b) for b in bias)
        self._outputs = len(self._bias)
        self.row_bytes = row_bytes(self._outputs)
        if packed is None:
            weights = document["weights"]
            assert isinstance(weights, dict)
            packed = {feature: self._pack(row) for feature, row in weights.items()}
        self.packed: dict[str, int] = packed
        thresholds = document["thresholds"]
        assert isinstance(thresholds, dict)
        self.thresholds = Thresholds(**{k: float(v) for k, v in thresholds.items()})
        version = document.get("version", "")
        self.version = str(version)

    def _pack(self, row: list[float]) -> int:
        """Field 0 counts features; field k + 1 holds output k's weight plus the offset.

        `row` is the artefact's sparse row: slot, weight, slot, weight...
        """
        fields = [_OFFSET] * self._outputs
        for slot, weight in zip(row[0::2], row[1::2], strict=True):
            fields[int(slot)] += round(max(-_LIMIT, min(_LIMIT, weight)) * SCALE)
        packed = 1
        for slot, value in enumerate(fields):
            packed |= value << (_FIELD * (slot + 1))
        return packed

    def logits(self, features: Iterable[str]) -> list[float]:
        return self.outputs(self.fields(features), 0, self._outputs)

    def fields(self, features: Iterable[str]) -> array[int]:
        """The packed sum of the features' rows, unpacked into its fields: the count, then every
        output's summed weights, offsets still in (`outputs` takes them out)."""
        total = sum(map(self.packed.get, features, repeat(0)))
        # One C-level conversion unpacks every field: the integer's bytes, read as 32-bit words.
        return array("I", total.to_bytes(self.row_bytes, "little"))

    def outputs(self, fields: array[int], start: int, stop: int) -> list[float]:
        """Outputs start to stop - 1 of a packed sum: only those a decision needs are worked out."""
        offset = fields[0] * _OFFSET
        # zip without its keyword (strict=): both slices are stop - start long, and parsing the
        # keyword costs 6% here.
        biases, sums = self._bias[start:stop], fields[start + 1 : stop + 1]
        return [bias + (field - offset) / SCALE for bias, field in zip(biases, sums)]  # noqa: B905

    def output(self, fields: array[int], slot: int) -> float:
        """One output of a packed sum, as `outputs` works it out."""
        return self._bias[slot] + (fields[slot + 1] - fields[0] * _OFFSET) / SCALE

    def score(self, features: Iterable[str]) -> Scores:
        acc = self.logits(set(features))
        nk = len(self.kinds)
        return Scores(
            kind=dict(zip(self.kinds, softmax(acc[:nk]), strict=True)),
            urgent=sigmoid(acc[self.urgent_slot]),
            emergency=sigmoid(acc[self.emergency_slot]),
            category_logits=tuple(acc[nk : self.urgent_slot]),
            categories=self.categories,
        )

    def contributions(self, features: Iterable[str], slot_name: str) -> list[tuple[str, float]]:
        """Each feature's weight towards one output (a kind, a category, `urgent`, `emergency`)."""
        shift = _FIELD * (self._slot(slot_name) + 1)
        found: list[tuple[str, float]] = []
        for feature in set(features):
            packed = self.packed.get(feature)
            if packed is not None:
                weight = (((packed >> shift) & _MASK) - _OFFSET) / SCALE
                if weight:
                    found.append((feature, weight))
        return sorted(found, key=lambda item: -abs(item[1]))

    def _slot(self, name: str) -> int:
        if name == "urgent":
            return self.urgent_slot
        if name == "emergency":
            return self.emergency_slot
        if name in self.kinds:
            return self.kinds.index(name)
        return len(self.kinds) + self.categories.index(name)


def softmax(values: Sequence[float]) -> list[float]:
    top = max(values)
    exps = [math.exp(v - top) for v in values]
    total = sum(exps)
    return [e / total for e in exps]


def sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    e = math.exp(value)
    return e / (1.0 + e)
