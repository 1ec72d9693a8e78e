"""The layering the design promises, checked: the core never imports its chat client or database."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORKS = ("aiogram", "telegram", "sqlalchemy", "alembic", "aiohttp", "apscheduler")


def _imports(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def test_handlers_import_no_framework_database_or_outer_layer() -> None:
    offenders = {
        path: sorted(names & {*FRAMEWORKS, "bot", "storage", "jobs"})
        for path, names in _imports("handlers").items()
        if names & {*FRAMEWORKS, "bot", "storage", "jobs"}
    }
    assert offenders == {}


def test_storage_knows_nothing_of_the_bot_or_its_chat_clients() -> None:
    offenders = {
        path: sorted(names & {"bot", "jobs", "aiogram", "telegram"})
        for path, names in _imports("storage").items()
        if names & {"bot", "jobs", "aiogram", "telegram"}
    }
    assert offenders == {}


@pytest.mark.parametrize("module", ["handlers.core", "bot.cli", "bot.transports", "storage.uow", "jobs.scheduler"])
def test_importing_starts_nothing_and_loads_no_chat_framework(module: str) -> None:
    """Nothing happens at import time: no framework is loaded until a transport is built."""
    code = (
        f"import sys, threading; import {module}; "
        "loaded = [m for m in ('aiogram', 'telegram') if m in sys.modules]; "
        "assert not loaded, loaded; assert threading.active_count() == 1, threading.enumerate()"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
