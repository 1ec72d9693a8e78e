"""The model on disk: the gzip'd JSON that `jinlin train` writes, and its packed twin the reader loads.

`reader_model.json.gz` is the artefact of record: readable, with float weights, and what the
tests prove the corpus builds. Loading it costs a JSON parse of 26,000 weight rows and then
packing each row into one integer (model.py), a quarter of a second at every start of
`jinlin parse`. So training also writes `reader_model.packed`: the same model with every row
already packed, stored as fixed-width little-endian bytes beside the feature names, zlib'd.
Loading it is one decompression and one `int.from_bytes` per row. A test proves the committed
packed file is exactly the committed JSON packed, so the chain corpus → JSON → packed holds.
"""

from __future__ import annotations

import gzip
import json
import zlib
from functools import cache
from pathlib import Path
from typing import Any

from handlers.understanding.model import LinearModel, row_bytes

MODEL_PATH = Path(__file__).with_name("reader_model.json.gz")
PACKED_PATH = Path(__file__).with_name("reader_model.packed")
_MAGIC = b"jinlin-packed-model 1\n"
_GZIP = b"\x1f\x8b"


def packed_path(json_path: Path) -> Path:
    """Where the packed twin of a JSON model lives: reader_model.json.gz → reader_model.packed."""
    return json_path.with_name(json_path.name.removesuffix(".json.gz") + ".packed")


def load_document(path: Path = MODEL_PATH) -> dict[str, object]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        document: dict[str, object] = json.load(handle)
    return document


def write_document(document: dict[str, Any], out: Path) -> None:
    """The JSON artefact and its packed twin (packed_path), both byte-for-byte reproducible."""
    payload = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # mtime=0: the same document gives the same bytes, so the artefact is reproducible.
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as handle:
        handle.write(payload.encode("utf-8"))
    packed_path(out).write_bytes(pack_document(document))


def pack_document(document: dict[str, Any]) -> bytes:
    """magic, then three length-prefixed parts: the header (the document without its weights),
    the feature names one a line, and every feature's packed row in the same order."""
    model = LinearModel(document)
    header = {key: value for key, value in document.items() if key != "weights"}
    names = list(model.packed)
    assert not any("\n" in name for name in names), "a feature name holds a newline"
    width = model.row_bytes
    parts = [
        json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"),
        "\n".join(names).encode("utf-8"),
        b"".join(model.packed[name].to_bytes(width, "little") for name in names),
    ]
    body = b"".join(len(part).to_bytes(8, "little") + part for part in parts)
    return _MAGIC + zlib.compress(body, 9)


def unpack_model(data: bytes) -> LinearModel:
    if not data.startswith(_MAGIC):
        raise ValueError("not a packed reader model")
    body = memoryview(zlib.decompress(data[len(_MAGIC) :]))
    parts: list[memoryview] = []
    at = 0
    for _ in range(3):
        size = int.from_bytes(body[at : at + 8], "little")
        parts.append(body[at + 8 : at + 8 + size])
        at += 8 + size
    header: dict[str, object] = json.loads(bytes(parts[0]))
    names = bytes(parts[1]).decode("utf-8").split("\n")
    rows = parts[2]
    bias = header["bias"]
    assert isinstance(bias, list)
    width = row_bytes(len(bias))
    from_bytes = int.from_bytes
    packed = dict(
        zip(names, [from_bytes(rows[i : i + width], "little") for i in range(0, len(rows), width)], strict=True)
    )
    return LinearModel(header, packed=packed)


def load_model(path: Path) -> LinearModel:
    """Either form, told apart by its first bytes (`jinlin parse --model` takes both)."""
    data = path.read_bytes()
    if data.startswith(_GZIP):
        return LinearModel(json.loads(gzip.decompress(data)))
    return unpack_model(data)


@cache
def default_model() -> LinearModel:
    """The committed model, loaded on first use (never at import time), from its packed form."""
    if not PACKED_PATH.exists():
        raise FileNotFoundError(f"the reader's model is missing: {PACKED_PATH} (run `jinlin train`)")
    return load_model(PACKED_PATH)
