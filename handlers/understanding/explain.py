"""Why the reader read a message as it did: probabilities, strongest features, rules fired."""

from __future__ import annotations

from handlers.understanding.model import LinearModel
from handlers.understanding.reading import features_of, read_message

TOP = 6


def explain(text: str, model: LinearModel) -> dict[str, object]:
    reading = read_message(text, model=model)
    features = features_of(text)
    scores = model.score(features)

    def strongest(output: str) -> list[list[object]]:
        return [[name, round(weight, 3)] for name, weight in model.contributions(features, output)[:TOP]]

    explanation: dict[str, object] = {
        "version": model.version,
        "kind": {k: round(p, 3) for k, p in sorted(scores.kind.items(), key=lambda kp: -kp[1])},
        "urgent": round(scores.urgent, 3),
        "emergency": round(scores.emergency, 3),
        "thresholds": {
            "emergency": model.thresholds.emergency,
            "unsure": [model.thresholds.unsure_low, model.thresholds.unsure_high],
        },
        "unsure": reading.unsure,
        "features": {str(reading.kind): strongest(str(reading.kind)), "emergency": strongest("emergency")},
        "rules": list(reading.cues),
    }
    if reading.category is not None:
        top = sorted(scores.category().items(), key=lambda kp: -kp[1])[:3]
        explanation["category"] = {k: round(p, 3) for k, p in top}
        features_dict = explanation["features"]
        assert isinstance(features_dict, dict)
        features_dict[reading.category] = strongest(reading.category)
    return explanation
