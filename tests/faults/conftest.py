"""The fault suite's figures: each scenario adds a row, the end of the run prints them all."""

from __future__ import annotations

import pytest

from tests.faults.harness import FIGURES, Figures


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FIGURES:
        return
    write = terminalreporter.write_line
    write("")
    write("fault suite figures (make faults)")
    write(f"{'scenario':<34}{'framework':<10}{'messages':>9}{'lost':>6}{'dup cards':>10}{'flood':>7}"
          f"{'urgent 1st':>11}{'edits lost':>11}{'seconds':>9}")
    for row in FIGURES:
        write(row.line())
    total = Figures.total(FIGURES)
    write(total.line())
