"""What the core tells the outside about its own work: metrics (an `Observer`) and, for the logs,
which update and which request it is busy with (context variables, read by bot/ops/logs.py).

Framework-free on purpose: the Prometheus adapter lives in bot/ops/metrics.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

# Set around the handling of one update (and, once it is known, the request it concerns);
# contextvars follow the task, so concurrent updates never see each other's ids.
CURRENT_UPDATE: ContextVar[int | None] = ContextVar("jinlin_update_id", default=None)
CURRENT_REQUEST: ContextVar[int | None] = ContextVar("jinlin_request_id", default=None)


class Observer(Protocol):
    def update_handled(self, outcome: str, seconds: float) -> None:
        """One update went through the core (`outcome` "error" when it raised)."""
        ...

    def ladder_step(self, outcome: str) -> None:
        """A timer fired and did something (escalated, followed up, expired …)."""
        ...


class NoObserver:
    def update_handled(self, outcome: str, seconds: float) -> None:
        pass

    def ladder_step(self, outcome: str) -> None:
        pass


@contextmanager
def tracing(update_id: int) -> Iterator[None]:
    """The ids of one update's handling, for every log line written meanwhile."""
    update = CURRENT_UPDATE.set(update_id)
    request = CURRENT_REQUEST.set(None)
    try:
        yield
    finally:
        CURRENT_REQUEST.reset(request)
        CURRENT_UPDATE.reset(update)


def note_request(request_id: int | None) -> None:
    if request_id is not None:
        CURRENT_REQUEST.set(request_id)
