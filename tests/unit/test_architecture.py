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


# The core's layers, lowest first: a module imports from its own layer and those below, never above.
# The parser's and the matcher's folders sit with the domain: they know only its types.
CORE_LAYERS: tuple[tuple[str, ...], ...] = (
    ("handlers.domain", "handlers.understanding", "handlers.matching", "handlers.chat"),
    ("handlers.ports",),
    ("handlers.context", "handlers.commands"),
    (
        "handlers.requests", "handlers.volunteers", "handlers.residents", "handlers.reports", "handlers.welcome",
        "handlers.suggestions", "handlers.corrections", "handlers.visits", "handlers.desk", "handlers.privacy",
    ),
    ("handlers.table",),
    ("handlers.intake", "handlers.present", "handlers.core", "handlers.ladder", "handlers.digest", "handlers.rounds",
     "handlers.retention"),
)
# The project's layers: the core, then storage (it implements the core's ports), then the edges.
PROJECT_LAYERS: tuple[tuple[str, ...], ...] = (("handlers",), ("storage",), ("bot", "jobs"))


def _module_imports(package: str) -> dict[str, set[str]]:
    """Each module of `package` (dotted name) → the full dotted names it imports."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[module] = names
    return found


def _layer(layers: tuple[tuple[str, ...], ...], module: str) -> int | None:
    for index, members in enumerate(layers):
        if any(module == m or module.startswith(m + ".") for m in members):
            return index
    return None


def _upward(layers: tuple[tuple[str, ...], ...], packages: tuple[str, ...]) -> list[str]:
    wrong: list[str] = []
    for package in packages:
        for module, names in _module_imports(package).items():
            own = _layer(layers, module)
            for name in names:
                theirs = _layer(layers, name)
                if own is not None and theirs is not None and theirs > own:
                    wrong.append(f"{module} imports {name}")
    return sorted(wrong)


def test_every_core_module_has_a_layer() -> None:
    assert [m for m in _module_imports("handlers") if m != "handlers" and _layer(CORE_LAYERS, m) is None] == []


def test_no_core_module_imports_from_a_layer_above() -> None:
    assert _upward(CORE_LAYERS, ("handlers",)) == []


def test_no_package_imports_from_a_layer_above() -> None:
    assert _upward(PROJECT_LAYERS, ("handlers", "storage", "bot", "jobs")) == []


# The presenter turns outcomes into Telegram's shapes and is the core's one writer of the outbox;
# the core's answer to a press it gives up on (Core.abandon: no use case ran) is the other.
OUTBOX_WRITERS = ("handlers/core.py", "handlers/present.py")


def test_only_the_presenter_writes_to_the_outbox() -> None:
    """Use cases return what they want said (`Outcome.outgoing`), they never reach the outbox."""
    reaching = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "handlers").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr == "outbox"
    }
    assert sorted(reaching) == list(OUTBOX_WRITERS)


def test_use_cases_get_typed_arguments_not_the_call_as_typed() -> None:
    reading = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "handlers").rglob("*.py")
        if path.parent.name not in ("commands", "intake")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr == "call"
        and isinstance(node.value, ast.Name) and node.value.id == "command"
    }
    assert sorted(reading) == []



def test_no_module_is_over_250_lines_outside_data_tables() -> None:
    # Data, not logic: message catalogs, the SQL schema and its migration.
    tables = {"bot/texts/zh.py", "bot/texts/en.py", "storage/tables.py", "storage/migrations/versions/0001_initial.py"}
    long = {
        str(path.relative_to(ROOT)): lines
        for package in ("handlers", "storage", "bot", "jobs")
        for path in (ROOT / package).rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 250
        and str(path.relative_to(ROOT)) not in tables
    }
    assert long == {}
