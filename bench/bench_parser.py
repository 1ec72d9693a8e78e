"""Parser throughput and latency on one core: `python bench/bench_parser.py`.

Mixed corpus: the shared dev set plus the repository's train and both held-out sets, repeated.
Prints messages/second and p50/p99/max latency per message. Not a test: timing belongs here.
"""

from __future__ import annotations

import gc
import json
import time
from pathlib import Path

from handlers.understanding import read_message

ROOT = Path(__file__).resolve().parent.parent

SOURCES = (
    Path("/work/shared/data/messages-dev.jsonl"),
    ROOT / "tests/data/messages-train.jsonl",
    ROOT / "tests/data/messages-heldout.jsonl",
    ROOT / "tests/data/messages-heldout2.jsonl",
)
REPEAT = 200


def load_corpus() -> list[str]:
    texts: list[str] = []
    for source in SOURCES:
        if source.exists():
            for line in source.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    texts.append(json.loads(line)["text"])
    return texts


def main() -> None:
    texts = load_corpus()
    for text in texts:  # warm-up: builds the automaton and regexes, fills caches
        read_message(text)
    corpus = texts * REPEAT
    gc.disable()
    start = time.perf_counter()
    for text in corpus:
        read_message(text)
    elapsed = time.perf_counter() - start
    latencies: list[float] = []
    clock = time.perf_counter_ns
    for text in corpus:
        t0 = clock()
        read_message(text)
        latencies.append((clock() - t0) / 1000.0)
    gc.enable()
    latencies.sort()
    n = len(latencies)
    print(f"corpus: {len(texts)} distinct messages x {REPEAT} = {n} readings")
    print(f"throughput: {n / elapsed:,.0f} messages/second (one core, {elapsed:.2f} s)")
    print(
        f"latency per message: p50={latencies[n // 2]:.1f} us  "
        f"p99={latencies[int(n * 0.99)]:.1f} us  max={latencies[-1]:.1f} us"
    )


if __name__ == "__main__":
    main()
