"""`jinlin parse`: read messages, print what the bot understands; `--eval` scores labelled files.

Plain text or JSON lines ({"text": ...}) on stdin, one JSON reading per line on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from handlers.understanding import read_message
from handlers.understanding.evaluation import evaluate, format_report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--eval",
        metavar="FILE.jsonl",
        action="append",
        default=None,
        help="score the parser on a labelled JSON-lines file (may be given several times)",
    )


def run(args: argparse.Namespace, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    files: list[str] | None = getattr(args, "eval", None)
    if files:
        return _evaluate_files(files, stdout)
    for number, line in enumerate(stdin, start=1):
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        if text.lstrip().startswith("{"):
            text_or_error = _text_of_json(text)
            if isinstance(text_or_error, dict):
                _write(stdout, {**text_or_error, "line": number})
                continue
            text = text_or_error
        _write(stdout, {"text": text, **read_message(text).as_label()})
    return 0


def _text_of_json(line: str) -> str | dict[str, object]:
    """The "text" field of a JSON line, or an error object saying why there is none."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        return {"error": f"malformed JSON: {error.msg}"}
    if not isinstance(value, dict) or not isinstance(value.get("text"), str):
        return {"error": 'a JSON line needs a string field "text"'}
    text: str = value["text"]
    return text


def _write(stdout: TextIO, record: dict[str, object]) -> None:
    stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    # One line in, one line out, visible at once: the command is also used as a pipe filter.
    stdout.flush()


def _evaluate_files(files: list[str], stdout: TextIO) -> int:
    for name in files:
        try:
            lines = Path(name).read_text(encoding="utf-8").splitlines()
        except OSError as error:
            _write(stdout, {"error": f"cannot read {name}: {error.strerror}"})
            return 2
        gold: list[dict[str, object]] = []
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                _write(stdout, {"error": f"malformed JSON: {error.msg}", "file": name, "line": number})
                continue
            if isinstance(row, dict) and isinstance(row.get("text"), str):
                gold.append(row)
        texts = [str(row["text"]) for row in gold]
        predicted = [read_message(text).as_label() for text in texts]
        stdout.write(format_report(evaluate(gold, predicted, texts), title=name) + "\n\n")
        stdout.flush()
    return 0
