"""The optional HTTP listener (`[ops] listen`): /healthz for a supervisor, /metrics for Prometheus.

/healthz is healthy when the database answers, an update was handled within `[ops] updates_within`
(counted from the start while none came yet) and the oldest unsent message is younger than
`[ops] outbox_lag_max`: 200 with what it saw, else 503 naming what failed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import ConfigError, OpsSection
from bot.ops.metrics import Metrics, age
from storage.stats import Backlog

log = logging.getLogger(__name__)

# A database that takes longer than this to answer a count is as good as down for a supervisor.
DATABASE_TIMEOUT = 5.0


def utc_now() -> datetime:
    return datetime.now(UTC)


class OpsServer:
    def __init__(
        self, settings: OpsSection, engine: AsyncEngine, metrics: Metrics, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.metrics = metrics
        self._clock = clock
        self._runner: web.AppRunner | None = None
        self.address: tuple[str, int] | None = None  # where it listens, once started

    @asynccontextmanager
    async def serving(self) -> AsyncIterator[OpsServer]:
        await self.start()
        try:
            yield self
        finally:
            await self.stop()

    async def start(self) -> None:
        if self.settings.listen is None or self._runner is not None:
            return
        host, port = self.settings.listen
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as e:
            await runner.cleanup()
            raise ConfigError(f"[ops] listen: cannot listen on {host}:{port}: {e.strerror or e}") from e
        self._runner = runner
        bound = runner.addresses[0]
        self.address = (str(bound[0]), int(bound[1]))
        log.info("health and metrics on http://%s:%d (/healthz, /metrics)", *self.address)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def health(self) -> tuple[bool, dict[str, Any]]:
        """Whether the bot is healthy, and what each check saw."""
        checks: dict[str, dict[str, Any]] = {}
        since = self.metrics.seconds_since_update()
        within = self.settings.updates_within.total_seconds()
        checks["updates"] = {"ok": since <= within, "seconds_since_last": round(since, 1), "within": within}
        lag_max = self.settings.outbox_lag_max.total_seconds()
        try:
            backlog = await self._read()
        except Exception as e:
            reason = f"{type(e).__name__}: {e}".splitlines()[0][:300]
            checks["database"] = {"ok": False, "error": reason}
            checks["outbox"] = {"ok": False, "error": "unknown: the database cannot be read", "max": lag_max}
        else:
            lag = age(backlog, self._clock())
            checks["database"] = {"ok": True}
            checks["outbox"] = {"ok": lag <= lag_max, "pending": backlog.pending, "oldest_seconds": round(lag, 1),
                                "max": lag_max}
        failed = sorted(name for name, check in checks.items() if not check["ok"])
        return not failed, {"status": "fail" if failed else "ok", "failed": failed, "checks": checks}

    async def _read(self) -> Backlog:
        try:
            return await asyncio.wait_for(self.metrics.refresh(self.engine, self._clock()), DATABASE_TIMEOUT)
        except Exception:
            self.metrics.database_up.set(0)
            raise

    async def _healthz(self, _: web.Request) -> web.Response:
        ok, body = await self.health()
        if not ok:
            log.warning("health check failed: %s", ", ".join(body["failed"]))
        return web.json_response(body, status=200 if ok else 503)

    async def _metrics(self, _: web.Request) -> web.Response:
        try:
            await self._read()
        except Exception:
            # Still answer: the process's own counters are worth having while the database is down.
            log.warning("metrics: could not read the database", exc_info=True)
        return web.Response(body=self.metrics.exposition(), headers={"Content-Type": CONTENT_TYPE_LATEST})
