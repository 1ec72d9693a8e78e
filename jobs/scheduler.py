"""APScheduler drives the sweeps; the due times themselves live in the database.

APScheduler's own job store is process-local, so it only says *when to look*: every worker looks
at the requests table, and the rows' locks decide who acts. A restart therefore loses no timer,
and two workers never fire the same one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterator
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.config import JobsSection
from handlers.chat import Outcome
from handlers.context import Context
from handlers.digest import publish, send_digests
from handlers.ladder import expire_suggestions, sweep
from handlers.ports import UnitOfWorkFactory
from handlers.ports.observer import NoObserver, Observer
from handlers.retention import blank_old_texts
from handlers.rounds import sweep_rounds

log = logging.getLogger(__name__)

RETENTION_AT = (4, 0)  # local time of the daily retention: the quietest hour in a compound


class Jobs:
    def __init__(
        self,
        ctx: Context,
        uow_factory: UnitOfWorkFactory,
        settings: JobsSection,
        on_commit: Callable[[], None] = lambda: None,
        observer: Observer | None = None,
    ) -> None:
        self.ctx = ctx
        self.uow_factory = uow_factory
        self.settings = settings
        self.on_commit = on_commit
        self.observer: Observer = observer or NoObserver()
        self.scheduler = AsyncIOScheduler(timezone=ctx.policy.timezone)
        self._running: set[asyncio.Task[object]] = set()  # job runs in progress, for stop()

    @contextlib.contextmanager
    def _run(self) -> Iterator[None]:
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            yield
        finally:
            self._running.discard(task)

    async def sweep_ladder(self) -> int:
        with self._run():
            return await self._sweep_ladder()

    async def _sweep_ladder(self) -> int:
        """The tick: unused suggestions, the requests' timers, then the visit rosters' (one
        sweeper at a time keeps SQLite's single writer free for the chats)."""
        acted: list[Outcome] = []
        for name, sweeper in (("suggestion", expire_suggestions), ("ladder", sweep), ("visits", sweep_rounds)):
            try:
                outcomes = await sweeper(self.ctx, self.uow_factory)
            except Exception:
                # A failed sweep (database restarting, say) is retried on the next tick; nothing is
                # lost because the due times are still in the rows.
                log.exception("%s sweep failed", name)
                continue
            acted += [o for o in outcomes if o.name != "not_due"]
        for outcome in acted:
            self.observer.ladder_step(outcome.name)
        if acted:
            named = (f"#{o.request_id or o.detail.get('suggestion_id') or o.detail.get('entry')} {o.name}"
                     for o in acted)
            log.info("ladder: %s", ", ".join(named))
            self.on_commit()
        return len(acted)

    async def digest(self) -> None:
        with self._run():
            await self._digest()

    async def _digest(self) -> None:
        try:
            outcome = await send_digests(self.ctx, self.uow_factory)
        except Exception:
            log.exception("daily digest failed")
            return
        log.info("daily digest: %s messages", outcome.detail.get("sent"))
        self.on_commit()

    async def publish_results(self) -> None:
        try:
            outcome = await publish(self.ctx, self.uow_factory)
        except Exception:
            log.exception("publishing the month's results failed")
            return
        log.info("published results: %s", outcome.detail.get("chats"))
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
        if self.settings.publish_results:
            at = self.settings.publish_at
            self.scheduler.add_job(
                self.publish_results,
                CronTrigger(day=1, hour=at.hour, minute=at.minute, timezone=self.ctx.policy.timezone),
                id="results",
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

    async def stop(self, grace: float = 5.0) -> None:
        """Start no new run, let the one in progress finish (within `grace`), then shut down:
        cancelling a sweep in the middle of a database call can leave its connection hanging
        (the process then never exits)."""
        if self.scheduler.running:
            self.scheduler.pause()
        if self._running:
            await asyncio.wait(set(self._running), timeout=grace)
        self.shutdown()
