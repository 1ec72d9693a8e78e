"""`jinlin parse`'s loop: lines in, one JSON reading per line out, at the reader's own speed.

Around the reader itself, a line costs reading it, parsing its JSON and writing the answer's,
and done naively that is a sixth of the work. So when nobody waits for each answer, stdin is
read in large blocks rather than line by line; a JSON line of the usual shape,
`{"text": "..."}` with no escapes in the text, is recognised by one regular expression instead
of a full JSON parse (its text is then already its own JSON encoding); and an answer is
assembled from pieces, the text encoded by the json module's C encoder, instead of by
json.dumps of a dict. Everything else (other JSON, errors, --explain) takes the general path,
whose output is the same.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from json.encoder import encode_basestring
from typing import TextIO

from handlers.understanding import read_message
from handlers.understanding.explain import explain
from handlers.understanding.model import LinearModel
from handlers.understanding.reading import read_label

# Characters per read when nobody waits for each answer: some thousand messages.
_READ_CHARS = 1 << 18
# Answers are written in blocks of this many lines: one write per line would cost more than
# reading the message.
_BLOCK = 512
# {"text": "..."} as json.dumps writes it, the text free of quotes, backslashes and control
# characters: exactly the texts that JSON writes as they are, so the match is the decoded text.
_PLAIN_JSON = re.compile(r'\{"text": ?"([^"\\\x00-\x1f]*)"\}')
_BOOL = {True: "true", False: "false"}


def stream(stdin: TextIO, stdout: TextIO, model: LinearModel, *, with_explanation: bool, flush_each: bool) -> None:
    """Answer every non-blank line of stdin on stdout, in order."""
    pending: list[str] = []
    number = 0
    for line in stdin if flush_each else _lines(stdin):
        number += 1
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        pending.append(answer(number, text, model, with_explanation))
        if flush_each or len(pending) >= _BLOCK:
            _flush(stdout, pending)
    _flush(stdout, pending)


def _lines(stdin: TextIO) -> Iterator[str]:
    """stdin's lines, read _READ_CHARS at a time: the lines iterating the stream would give (a text
    stream has already turned \r\n into \n), without a call into the stream per line."""
    partial: list[str] = []  # the start of a line that has not ended yet
    while block := stdin.read(_READ_CHARS):
        lines = block.split("\n")
        if len(lines) == 1:
            partial.append(block)
            continue
        partial.append(lines[0])
        lines[0] = "".join(partial)
        partial = [lines.pop()]
        yield from lines
    last = "".join(partial)
    if last:
        yield last


def answer(number: int, text: str, model: LinearModel, with_explanation: bool = False) -> str:
    """The JSON line answering one input line (`number` is its line number, for errors)."""
    if with_explanation:
        return json.dumps(_record(number, text, model, True), ensure_ascii=False)
    plain = _PLAIN_JSON.fullmatch(text)
    if plain is not None:
        text = plain.group(1)
        encoded = '"' + text + '"'
    else:
        if text.lstrip().startswith("{"):
            text_or_error = _text_of_json(text)
            if isinstance(text_or_error, dict):
                return json.dumps({**text_or_error, "line": number}, ensure_ascii=False)
            text = text_or_error
        encoded = encode_basestring(text)
    kind, category, building, urgent, emergency = read_label(text, model=model)
    category = "null" if category is None else encode_basestring(category)
    building = "null" if building is None else encode_basestring(building)
    return (
        f'{{"text": {encoded}, "kind": "{kind}", "category": {category}, "building": {building}, '
        f'"urgent": {_BOOL[urgent]}, "emergency": {_BOOL[emergency]}}}'
    )


def _record(number: int, text: str, model: LinearModel, with_explanation: bool) -> dict[str, object]:
    if text.lstrip().startswith("{"):
        text_or_error = _text_of_json(text)
        if isinstance(text_or_error, dict):
            return {**text_or_error, "line": number}
        text = text_or_error
    reading = read_message(text, model=model)
    record: dict[str, object] = {"text": text, **reading.as_label()}
    if with_explanation:
        record["explain"] = explain(text, model)
    return record


def _flush(stdout: TextIO, pending: list[str]) -> None:
    if pending:
        stdout.write("\n".join(pending) + "\n")
        stdout.flush()
        pending.clear()


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
