"""What the core needs from storage about requests: each method one question or one atomic change,
so the SQL version can make races impossible (a claim is one conditional UPDATE)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from handlers.domain import Request, Status


@dataclass(frozen=True, slots=True)
class ClaimResult:
    won: bool
    request: Request | None
    reason: str | None = None  # "taken", "closed", "already_yours", "missing"


class RequestRepository(Protocol):
    async def add(self, request: Request) -> Request:
        """Store a new request as it stands (its `id` is ignored); the same request with its id."""
        ...

    async def get(self, request_id: int) -> Request | None: ...

    async def by_message(self, chat_id: int, message_id: int) -> Request | None:
        """The request whose own message, card or private call this message is."""
        ...

    async def link_message(self, request_id: int, chat_id: int, message_id: int) -> None: ...

    async def active_of_requester(self, chat_id: int, user_id: int) -> list[Request]:
        """Open or claimed requests of one requester in one chat, newest first."""
        ...

    async def try_claim(self, request_id: int, user_id: int, name: str, now: datetime) -> ClaimResult:
        """Atomically add a claimer; the request becomes claimed when enough have claimed."""
        ...

    async def release(self, request_id: int, user_id: int, now: datetime) -> Request | None:
        """Atomically drop an active claimer; None when they held no claim."""
        ...

    async def transition(
        self, request_id: int, allowed: Collection[Status], to: Status, now: datetime
    ) -> Request | None:
        """Atomically move to `to` if the status is one of `allowed`; None if it was not."""
        ...

    async def save_progress(self, request: Request) -> None:
        """Persist the ladder fields: ring, followups, next_due_at, requester_told_waiting."""
        ...

    async def list_active(self, chat_ids: Collection[int] | None = None) -> list[Request]:
        """Open and claimed requests, oldest first."""
        ...

    async def claimed_by(self, user_id: int) -> list[Request]:
        """Active requests (open or claimed) on which `user_id` holds an active claim, oldest first."""
        ...

    async def posted_since(self, since: datetime | None) -> list[Request]: ...

    async def due(self, now: datetime, limit: int) -> list[Request]:
        """Active requests whose next_due_at has passed, locked for this transaction only
        (SKIP LOCKED on PostgreSQL) so that two workers never take the same timer."""
        ...
