"""The daily retention: the words of requests closed more than `[privacy] keep_text_days` ago (and
of suggestions, offers, concerns and delivered messages as old) become `REMOVED`."""

from __future__ import annotations

from datetime import timedelta

from handlers.chat import Outcome
from handlers.commands import BlankOldTexts
from handlers.context import Context
from handlers.ports import UnitOfWork


async def blank_old_texts(ctx: Context, uow: UnitOfWork, command: BlankOldTexts) -> Outcome:
    before = ctx.clock.now() - timedelta(days=ctx.policy.keep_text_days)
    removed = await uow.privacy.blank_before(before)
    return Outcome("texts_blanked", detail={"before": before.isoformat(), "removed": removed.counts})
