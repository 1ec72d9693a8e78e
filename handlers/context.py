"""What every use case is handed: the policy, the texts, the clock, the message reader and the file maker."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.chat import Outcome
from handlers.domain.policy import Policy
from handlers.ports import Clock, FileMaker, Reader, Renderer


@dataclass(frozen=True, slots=True)
class Context:
    policy: Policy
    texts: Renderer
    clock: Clock
    read: Reader
    emergency_number: str
    bot_username: str = ""
    files: FileMaker | None = None  # charts and spreadsheets; None where nothing draws them

    def say(self, key: str, outcome: str | None = None, /, **values: object) -> Outcome:
        """An outcome that answers with the text `key`, named `outcome` or after the key
        ("usage" for a usage text)."""
        name = outcome or ("usage" if key.endswith("_usage") else key)
        return Outcome(name, answer=self.texts.text(key, **values))
