"""The reader's speed and size: `python bench/bench_parser.py` (or `make bench`).

1. In process: every corpus message read once to warm up, then each timed alone, three rounds;
   p50/p99/max.
2. `jinlin parse` as a whole process, start-up included, JSON lines in, JSON lines out, on one
   core (taskset when available), twice: 100,000 mixed messages, which is the corpus repeated
   (the reader keeps no cache of results, but repeats are said so), and every distinct message
   of the corpus and the blind sets once each (fewer messages, so start-up weighs more).
3. Memory: resident set size of a process before and after loading the model and reading one
   message. Not a test: timing belongs here, not in the suite.

`--process-only --runs N` does only step 2's 100,000 messages, N times: on a shared machine the
process's CPU time (user + sys) over several runs is the figure to compare, not the wall clock.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.reader_cli import CORPUS_DIR, corpus_files  # noqa: E402
from handlers.understanding import read_message  # noqa: E402
from handlers.understanding.corpus import load_examples  # noqa: E402

PROCESS_MESSAGES = 100_000
BLIND_DIR = ROOT / "data" / "blind"


def in_process(texts: list[str]) -> None:
    for text in texts:
        read_message(text)
    clock, cpu = time.perf_counter_ns, time.thread_time_ns
    latencies: list[float] = []
    cpu_latencies: list[float] = []  # the thread's CPU time: pre-emption by other work left out
    gc.disable()
    for _ in range(3):
        for text in texts:
            c0, t0 = cpu(), clock()
            read_message(text)
            t1, c1 = clock(), cpu()
            latencies.append((t1 - t0) / 1000.0)
            cpu_latencies.append((c1 - c0) / 1000.0)
    gc.enable()
    for name, values in (("wall clock", latencies), ("CPU time", cpu_latencies)):
        values.sort()
        n = len(values)
        total = sum(values) / 1e6
        print(
            f"in process, {name}: {n} readings of {len(texts)} messages, {n / total:,.0f} messages/s; "
            f"p50 {values[n // 2]:.1f} us, p99 {values[int(n * 0.99)]:.1f} us, max {values[-1]:.0f} us"
        )


def whole_process(texts: list[str], what: str) -> None:
    lines = [json.dumps({"text": text}, ensure_ascii=False) for text in texts]
    jinlin = shutil.which("jinlin") or str(Path(sys.executable).with_name("jinlin"))
    command = [jinlin, "parse"]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    with tempfile.TemporaryFile() as stdin, tempfile.TemporaryFile() as stdout:
        stdin.write(("\n".join(lines) + "\n").encode("utf-8"))
        stdin.seek(0)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, stdin=stdin, stdout=stdout, check=True)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        stdout.seek(0)
        answered = sum(1 for _ in stdout)
    assert answered == len(texts), answered
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    print(
        f"jinlin parse, whole process, one core, {what}: {len(texts):,} messages in {elapsed:.2f} s = "
        f"{len(texts) / elapsed:,.0f} messages/s (start-up included); CPU time {cpu:.2f} s = "
        f"{len(texts) / cpu:,.0f} messages/s (the wall clock suffers when other work shares the core); "
        f"load average {os.getloadavg()[0]:.1f}"
    )


def memory() -> None:
    probe = (
        "import sys;sys.path.insert(0,sys.argv[1])\n"
        "def rss():\n"
        "    return int(open('/proc/self/statm').read().split()[1]) * 4096 / 2**20\n"
        "a=rss();from handlers.understanding import read_message;b=rss();read_message('帮我收下被子');c=rss()\n"
        "print(a,b,c)"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(ROOT)], capture_output=True, text=True, check=True)
    bare, imported, loaded = (float(v) for v in out.stdout.split())
    print(
        f"memory (resident): {bare:.1f} MiB bare Python, {imported:.1f} MiB with the reader imported, "
        f"{loaded:.1f} MiB after the first message (model loaded): the model adds {loaded - imported:.1f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--process-only", action="store_true", help="only `jinlin parse` over 100,000 messages")
    parser.add_argument("--runs", type=int, default=1, metavar="N", help="run `jinlin parse` over them N times")
    args = parser.parse_args()
    texts = [ex.text for ex in load_examples(corpus_files(CORPUS_DIR))]
    print(f"corpus: {len(texts)} distinct messages")
    if not args.process_only:
        in_process(texts)
    repeated = [texts[i % len(texts)] for i in range(PROCESS_MESSAGES)]
    for _ in range(args.runs):
        whole_process(repeated, f"the corpus repeated ({PROCESS_MESSAGES / len(texts):.1f} times)")
    if args.process_only:
        return
    blind = [ex.text for ex in load_examples(sorted(BLIND_DIR.glob("*.jsonl")))]
    distinct = list(dict.fromkeys(texts + blind))
    whole_process(distinct, "distinct messages (corpus and blind sets, each once)")
    memory()


if __name__ == "__main__":
    main()
