"""What every use case is handed: the policy, the texts, the clock and the message reader."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from handlers.policy import Policy
from handlers.ports import Clock, Renderer
from handlers.understanding import Reading


@dataclass(frozen=True, slots=True)
class Context:
    policy: Policy
    texts: Renderer
    clock: Clock
    read: Callable[[str], Reading]
    emergency_number: str
    bot_username: str = ""

