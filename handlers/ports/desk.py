"""What secretaries set up from Telegram (chats bound, secretaries added), volunteers' consent to be
thanked by name, and the month's published results."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol

from handlers.domain.bindings import AddedSecretary, ChatBinding
from handlers.domain.results import MonthResults


class DeskStore(Protocol):
    async def bindings(self) -> list[ChatBinding]:
        """Every chat bound by `/setup`, oldest first."""
        ...

    async def bind(self, binding: ChatBinding) -> None:
        """Bind a chat (again: the newer binding replaces the older)."""
        ...

    async def secretaries(self) -> list[AddedSecretary]:
        """Secretaries added by command, oldest first."""
        ...

    async def add_secretary(self, added: AddedSecretary) -> bool:
        """False when they were added to that community already."""
        ...

    async def remove_secretary(self, community: str, user_id: int) -> bool:
        """False when they were not added by command to that community."""
        ...

    async def set_named(self, user_id: int, named: bool, at: datetime) -> None:
        """A volunteer's consent to be thanked by name in the published results."""
        ...

    async def is_named(self, user_id: int) -> bool: ...

    async def month_results(
        self, chat_ids: Collection[int], since: datetime, until: datetime, top: int
    ) -> MonthResults:
        """Requests posted in these chats in [since, until), how many are done, and the `top`
        named volunteers by requests they helped finish there (counted in SQL)."""
        ...
