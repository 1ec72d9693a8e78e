"""The getUpdates queue with Telegram's confirmation and long-polling rules."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Collection
from dataclasses import dataclass

from .errors import CONFLICT, ApiError
from .models import Json

# Telegram leaves these out unless a client asks for them explicitly.
OPT_IN_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


@dataclass
class _Entry:
    update: Json
    delivered: bool = False
    # Redeliveries reuse an id the client already confirmed; they must survive
    # the offset check until handed out once, or they could never arrive.
    redelivery: bool = False

    @property
    def update_id(self) -> int:
        return int(self.update["update_id"])

    @property
    def kind(self) -> str:
        return next(key for key in self.update if key != "update_id")


class UpdateQueue:
    def __init__(self, first_update_id: int = 100_000_001) -> None:
        self._next_id = first_update_id
        self._pending: list[_Entry] = []
        self._history: dict[int, Json] = {}
        self._allowed: frozenset[str] | None = None
        self._signal = asyncio.Event()
        self._poll_generation = 0
        self._closed = False

    @property
    def undelivered(self) -> int:
        return sum(not entry.delivered for entry in self._pending)

    @property
    def unconfirmed(self) -> int:
        """Updates not yet confirmed: waiting, handed out by a getUpdates whose offset no later
        call has passed, or pushed to a webhook that has not answered 2xx. The bot confirms only
        what it stored, so 0 means every update so far is in its inbox."""
        return sum(self._wanted(entry) for entry in self._pending)

    def _wake(self) -> None:
        # Swap in a fresh Event so sync callers can wake every current waiter at once.
        self._signal.set()
        self._signal = asyncio.Event()

    def push(self, kind: str, payload: Json) -> Json:
        update: Json = {"update_id": self._next_id, kind: payload}
        self._next_id += 1
        self._history[update["update_id"]] = update
        self._pending.append(_Entry(update))
        self._wake()
        return update

    def redeliver(self, update_id: int) -> Json:
        try:
            update = self._history[update_id]
        except KeyError:
            raise KeyError(f"update {update_id} was never enqueued") from None
        self._pending.append(_Entry(update, redelivery=True))
        self._wake()
        return update

    def drop_pending(self) -> None:
        self._pending.clear()

    def close(self) -> None:
        self._closed = True
        self._wake()

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            # "-N": keep only the last N updates, forget everything before them.
            self._pending = self._pending[offset:]
        elif offset > 0:
            self._pending = [
                entry
                for entry in self._pending
                if not (entry.update_id < offset and (entry.delivered or not entry.redelivery))
            ]

    def _wanted(self, entry: _Entry) -> bool:
        if self._allowed is None:
            return entry.kind not in OPT_IN_TYPES
        return entry.kind in self._allowed

    def _take(self, limit: int) -> list[Json]:
        # Telegram never stores updates of types the bot did not ask for.
        self._pending = [entry for entry in self._pending if self._wanted(entry)]
        batch = self._pending[:limit]
        for entry in batch:
            entry.delivered = True
        return [entry.update for entry in batch]

    # webhook delivery (bot/fakeapi/webhook.py) -------------------------------

    def heads(self, limit: int) -> list[_Entry]:
        """The oldest updates to push, each kept until the bot's server answers 2xx."""
        self._pending = [entry for entry in self._pending if self._wanted(entry)]
        return self._pending[:limit]

    def pushed(self, entry: _Entry) -> None:
        self._pending = [e for e in self._pending if e is not entry]

    def set_allowed(self, allowed_updates: Collection[str] | None) -> None:
        if allowed_updates is not None:
            self._allowed = frozenset(allowed_updates) or None

    async def changed(self, timeout: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._signal.wait(), timeout)

    async def get(
        self,
        offset: int,
        limit: int,
        timeout: float,
        allowed_updates: Collection[str] | None,
    ) -> list[Json]:
        loop = asyncio.get_running_loop()
        # Like Telegram, a newer getUpdates terminates an older pending one.
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake()
        if allowed_updates is not None:
            self._allowed = frozenset(allowed_updates) or None
        self._confirm(offset)
        deadline = loop.time() + max(0.0, timeout)
        while True:
            if generation != self._poll_generation:
                raise ApiError(409, CONFLICT)
            batch = self._take(max(1, min(limit, 100)))
            remaining = deadline - loop.time()
            if batch or self._closed or remaining <= 0:
                return batch
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._signal.wait(), remaining)
