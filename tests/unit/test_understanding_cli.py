"""`jinlin parse` through bot.reader_cli.run_parse with in-memory streams."""

from __future__ import annotations

import argparse
import ast
import io
import json
from pathlib import Path

from bot.reader_cli import add_parse_arguments, run_parse

ROOT = Path(__file__).resolve().parents[2]


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_parse_arguments(parser)
    return parser.parse_args(list(argv))


def _run(stdin_text: str, *argv: str) -> tuple[int, list[dict[str, object]]]:
    out = io.StringIO()
    code = run_parse(_args(*argv), stdin=io.StringIO(stdin_text), stdout=out)
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


def test_plain_and_json_lines() -> None:
    code, rows = _run('要下雨啦,198号楼谁家有人在,请帮我收下被子!\n\n{"text": "On my way"}\n')
    assert code == 0
    assert rows == [
        {"text": "要下雨啦,198号楼谁家有人在,请帮我收下被子!", "kind": "request", "category": "laundry",
         "building": "198", "urgent": True, "emergency": False},
        {"text": "On my way", "kind": "claim", "category": None, "building": None, "urgent": False,
         "emergency": False},
    ]


def test_output_keeps_chinese_readable() -> None:
    out = io.StringIO()
    run_parse(_args(), stdin=io.StringIO("大家早上好\n"), stdout=out)
    assert "大家早上好" in out.getvalue()


def test_malformed_json_line_reports_and_continues() -> None:
    code, rows = _run('{"text": broken\n{"no_text": 1}\nhello\n')
    assert code == 0
    assert rows[0]["line"] == 1 and "error" in rows[0]
    assert rows[1]["line"] == 2 and "error" in rows[1]
    assert rows[2]["text"] == "hello"


def test_huge_line_is_echoed_whole_and_read_as_its_first_4096_characters() -> None:
    huge = "要下雨了 谁能帮我收下被子 " + "啊" * 1_000_000
    code, rows = _run(huge + "\n" + huge[:4096] + "\n")
    assert code == 0
    assert rows[0]["text"] == huge
    assert {k: v for k, v in rows[0].items() if k != "text"} == {k: v for k, v in rows[1].items() if k != "text"}


def test_eval_prints_metrics(tmp_path: Path) -> None:
    labelled = tmp_path / "few.jsonl"
    labelled.write_text(
        json.dumps({"text": "3栋有没有懂电的邻居?家里跳闸了", "kind": "request", "category": "repair",
                    "building": "3", "urgent": False, "emergency": False}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    code = run_parse(_args("--eval", str(labelled), "--eval", str(labelled)), stdin=io.StringIO(), stdout=out)
    report = out.getvalue()
    assert code == 0
    assert report.count("kind macro-F1") == 2
    for needle in ("accuracy: kind=", "request: precision=", "confusion", "misses: 0",
                   "emergency: recall=", "urgent: f1=", "category accuracy"):
        assert needle in report


def test_understanding_imports_no_transport_or_database() -> None:
    forbidden = {"aiogram", "telegram", "sqlalchemy"}
    for path in (ROOT / "handlers/understanding").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not {n.split(".")[0] for n in names} & forbidden, f"{path.name} imports {names}"
