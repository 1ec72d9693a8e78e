"""The real clock; tests use tests.fakes.ManualClock instead."""

from __future__ import annotations

from datetime import UTC, datetime


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ShiftedClock:
    """Real time, moved to start at `start`: the demo's afternoon happens in the afternoon whenever it runs
    (volunteers' quiet hours would otherwise decide who is called)."""

    def __init__(self, start: datetime) -> None:
        self._offset = start - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset
