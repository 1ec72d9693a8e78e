"""The reader's command line: `jinlin parse` (read, explain, evaluate) and `jinlin train`.

`parse` reads plain text or JSON lines ({"text": ...}) on stdin and writes one JSON reading per
line; `--explain` adds the probabilities, the strongest features and the rules that fired;
`--eval FILE` scores labelled files. `train` fits the model on the corpus in the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from bot.reader_stream import stream
from handlers.understanding import read_message
from handlers.understanding.artefact import MODEL_PATH, default_model, load_model
from handlers.understanding.corpus import CorpusError
from handlers.understanding.model import LinearModel

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT / "data" / "corpus"
SHARED_DEV = ROOT / ".." / "shared" / "data" / "messages-dev.jsonl"


def add_parse_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--eval", metavar="FILE.jsonl", action="append", default=None,
        help="score the reader on a labelled JSON-lines file (may be given several times)",
    )
    parser.add_argument("--explain", action="store_true", help="add probabilities, strongest features and rules")
    parser.add_argument("--model", metavar="FILE", help="a model file other than the committed one")
    parser.add_argument(
        "--line-buffered", action="store_true",
        help="flush after every line (for a coprocess that waits for each answer); on a terminal it always does",
    )


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", metavar="DIR", default=str(CORPUS_DIR), help="folder of labelled *.jsonl")
    parser.add_argument("--extra", metavar="FILE.jsonl", action="append", default=[],
                        help="another labelled file to learn from, e.g. reviewed corrections")
    parser.add_argument("--out", metavar="FILE", default=str(MODEL_PATH),
                        help="where to write the model (and its packed twin, .packed, beside it)")


def corpus_files(corpus: Path, extra: Iterable[str] = ()) -> list[Path]:
    """The corpus in a fixed order: the repository's files by name, the shared dev set, extras."""
    files = sorted(corpus.glob("*.jsonl"))
    if not files:
        raise CorpusError(f"no *.jsonl in {corpus}")
    return [*files, SHARED_DEV, *(Path(name) for name in extra)]


def run_train(args: argparse.Namespace, stdout: TextIO = sys.stdout) -> int:
    from handlers.understanding.training import train

    try:
        files = corpus_files(Path(args.corpus), args.extra)
        report = train(files, Path(args.out))
    except CorpusError as error:
        print(f"corpus error: {error}", file=sys.stderr)
        return 2
    stdout.write(
        f"trained on {report.examples} examples ({report.train} train, {report.validation} validation) "
        f"from {len(files)} files\n{report.features} features, {report.weights} weights -> {args.out}\n"
        f"thresholds: {json.dumps(report.thresholds)}\ncorpus sha256: {report.corpus_sha256}\n"
    )
    for line in report.validation_summary:
        stdout.write(line + "\n")
    return 0


def run_parse(args: argparse.Namespace, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    try:
        model = load_model(Path(args.model)) if args.model else default_model()
    except OSError as error:
        print(f"cannot read the model: {error}", file=sys.stderr)
        return 2
    files: list[str] | None = args.eval
    if files:
        return _evaluate_files(files, model, stdout)
    flush_each = bool(args.line_buffered) or stdin.isatty()
    stream(stdin, stdout, model, with_explanation=args.explain, flush_each=flush_each)
    return 0


def _evaluate_files(files: list[str], model: LinearModel, stdout: TextIO) -> int:
    from handlers.understanding.evaluation import evaluate, format_report  # not at start-up: only --eval scores

    for name in files:
        try:
            lines = Path(name).read_text(encoding="utf-8").splitlines()
        except OSError as error:
            stdout.write(json.dumps({"error": f"cannot read {name}: {error.strerror}"}) + "\n")
            return 2
        gold: list[dict[str, object]] = []
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                record = {"error": f"malformed JSON: {error.msg}", "file": name, "line": number}
                stdout.write(json.dumps(record) + "\n")
                continue
            if isinstance(row, dict) and isinstance(row.get("text"), str):
                gold.append(row)
        texts = [str(row["text"]) for row in gold]
        predicted = [read_message(text, model=model).as_label() for text in texts]
        stdout.write(format_report(evaluate(gold, predicted, texts), title=name) + "\n\n")
        stdout.flush()
    return 0
