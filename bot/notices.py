"""Telling the secretaries what the bot cannot do by itself: a message it had to give up on, a
group that shut it out, a privacy mode that hides the group's messages from it.

A notice is one more outbox message to each secretary concerned, written in its own short
transaction; one that cannot be delivered in turn is only logged (no notice about a notice).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from handlers.chat import Send
from handlers.domain import Grid
from handlers.ports import Renderer, UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

NOTICE_PREFIX = "notice:"


@dataclass(frozen=True, slots=True)
class Notice:
    kind: str  # "parked" | "chat_closed" | "privacy"
    chat_id: int | None = None
    request_id: int | None = None
    error: str = ""


Notify = Callable[[Notice], Awaitable[None]]


def is_notice(ref: str | None) -> bool:
    return ref is not None and ref.startswith(NOTICE_PREFIX)


class SecretaryNotices:
    """`Notify` for the running bot: the secretaries of the chat's community (a group), of the
    request's (a private chat), or all of them (the privacy warning)."""

    def __init__(self, uow: UnitOfWorkFactory, grid: Grid, texts: Callable[[], Renderer]) -> None:
        self._uow = uow
        self._grid = grid
        self._texts = texts  # the current renderer (it learns the bot's username at start)
        self.on_commit: Callable[[], None] = lambda: None  # the sender's wake(), once it exists

    async def __call__(self, notice: Notice) -> None:
        try:
            async with self._uow() as uow:
                secretaries = await self._secretaries(uow, notice)
                text = self._texts().text(f"notice_{notice.kind}", chat=notice.chat_id or "",
                                          request=notice.request_id or "", error=notice.error)
                for user_id in secretaries:
                    ref = f"{NOTICE_PREFIX}{notice.kind}:{notice.chat_id or ''}"
                    await uow.outbox.add(Send(user_id, text, ref=ref), request_id=notice.request_id)
                await uow.commit()
        except Exception:
            log.exception("could not tell the secretaries about %s", notice)
            return
        log.info("told %d secretaries: %s (chat %s)", len(secretaries), notice.kind, notice.chat_id)
        self.on_commit()

    async def _secretaries(self, uow: UnitOfWork, notice: Notice) -> tuple[int, ...]:
        community: str | None = None
        if notice.chat_id is not None and notice.chat_id < 0:
            compound = self._grid.compound_of_chat(notice.chat_id)
            community = compound.community if compound is not None else None
        elif notice.request_id is not None:
            request = await uow.requests.get(notice.request_id)
            community = request.community if request is not None else None
        if community is not None:
            return self._grid.secretaries_of(community)
        if notice.kind == "privacy":
            return tuple(sorted({s for c in self._grid.communities for s in c.secretaries}))
        return ()
