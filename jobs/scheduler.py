"""APScheduler drives the sweeps; the due times themselves live in the database.

APScheduler's own job store is process-local, so it only says *when to look*: every worker looks
at the requests table, and the rows' locks decide who acts. A restart therefore loses no timer,
and two workers never fire the same one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.config import JobsSection
from handlers.chat import Outcome
from handlers.context import Context
from handlers.digest import send_digests
from handlers.ladder import expire_suggestions, sweep
from handlers.ports import UnitOfWorkFactory
from handlers.retention import blank_old_texts

log = logging.getLogger(__name__)

RETENTION_AT = (4, 0)  # local time of the daily retention: the quietest hour in a compound


class Jobs:
    def __init__(
        self,
        ctx: Context,
        uow_factory: UnitOfWorkFactory,
        settings: JobsSection,
        on_commit: Callable[[], None] = lambda: None,
    ) -> None:
        self.ctx = ctx
        self.uow_factory = uow_factory
        self.settings = settings
        self.on_commit = on_commit
        self.scheduler = AsyncIOScheduler(timezone=ctx.policy.timezone)

    async def sweep_ladder(self) -> int:
        """The tick: unused suggestions, then the requests' timers (one sweeper at a time keeps
        SQLite's single writer free for the chats)."""
        acted: list[Outcome] = []
        for name, sweeper in (("suggestion", expire_suggestions), ("ladder", sweep)):
            try:
                outcomes = await sweeper(self.ctx, self.uow_factory)
            except Exception:
                # A failed sweep (database restarting, say) is retried on the next tick; nothing is
                # lost because the due times are still in the rows.
                log.exception("%s sweep failed", name)
                continue
            acted += [o for o in outcomes if o.name != "not_due"]
        if acted:
            named = (f"#{o.request_id or o.detail.get('suggestion_id')} {o.name}" for o in acted)
            log.info("ladder: %s", ", ".join(named))
            self.on_commit()
        return len(acted)

    async def digest(self) -> None:
        try:
            outcome = await send_digests(self.ctx, self.uow_factory)
        except Exception:
            log.exception("daily digest failed")
            return
        log.info("daily digest: %s messages", outcome.detail.get("sent"))
        self.on_commit()

    async def retention(self) -> None:
        try:
            outcome = await blank_old_texts(self.ctx, self.uow_factory)
        except Exception:
            log.exception("retention failed")  # tomorrow's run blanks the same rows
            return
        log.info("retention: blanked %s", outcome.detail.get("removed"))

    def start(self) -> None:
        self.scheduler.add_job(
            self.sweep_ladder,
            IntervalTrigger(seconds=self.settings.sweep_seconds),
            id="ladder",
            max_instances=1,
            coalesce=True,
            # Catch up at once after a restart instead of one interval later.
            next_run_time=datetime.now(self.ctx.policy.timezone),
        )
        digest_at = self.settings.digest_at
        self.scheduler.add_job(
            self.digest,
            CronTrigger(hour=digest_at.hour, minute=digest_at.minute, timezone=self.ctx.policy.timezone),
            id="digest",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=3600,
        )
        self.scheduler.add_job(
            self.retention,
            CronTrigger(hour=RETENTION_AT[0], minute=RETENTION_AT[1], timezone=self.ctx.policy.timezone),
            id="retention",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=6 * 3600,
        )
        self.scheduler.start()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
