"""FakeBotApi: an in-process, real-HTTP stand-in for api.telegram.org."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self, TypeVar

from aiohttp import web

from .controls import ChatControls
from .decode import read_params
from .errors import ApiError
from .faults import FaultControls
from .flood import FloodLimits, check, retry_after, violations
from .inspection import Inspection
from .methods import CHAT_BOUND, Methods
from .models import Failure, Json, RecordedCall, make_user
from .updates import UpdateQueue
from .webhook import WebhookPusher
from .world import World

T = TypeVar("T")
log = logging.getLogger(__name__)


class FakeBotApi(ChatControls, FaultControls, Inspection):
    def __init__(
        self,
        token: str = "123456:TEST",
        bot_id: int | None = None,
        bot_username: str = "jinlin_test_bot",
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        bot_name: str = "Jinlin",
        poll_timeout_cap: float = 1.0,
        enforce_limits: bool = False,
        limits: FloodLimits | None = None,
        group_privacy: bool = False,
    ) -> None:
        self.token = token
        self.host = host
        self.port = port
        self.enforce_limits = enforce_limits
        self.limits = limits or FloodLimits()
        self.group_privacy = group_privacy
        bot_id = bot_id if bot_id is not None else int(token.split(":", 1)[0])
        self.bot = make_user(bot_id, bot_name, bot_username, is_bot=True)
        self.calls: list[RecordedCall] = []
        self.failures: list[Failure] = []
        self.on_call: Callable[[RecordedCall], None] | None = None
        self.on_update: Callable[[Json], None] | None = None
        self._world = World(self.bot)
        self._queue = UpdateQueue()
        self._methods = Methods(self._world, self._queue, poll_timeout_cap, privacy=lambda: self.group_privacy)
        self.webhook = WebhookPusher(self._queue, self._touch)
        self.webhook.install(self._methods.table)
        self._changed = asyncio.Event()
        self._in_flight = 0
        self._last_activity = time.monotonic()
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None

    # lifecycle -------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        # A client that hangs up (cancelled long poll) cancels its handler.
        self._runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=2.0
        )
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, self.host, self.port)
        await self._site.start()
        self.port = int(self._runner.addresses[0][1])

    def _touch(self) -> None:
        self._last_activity = time.monotonic()
        self._changed.set()
        self._changed = asyncio.Event()

    async def stop(self) -> None:
        await self.webhook.stop()
        self._queue.close()  # pending long polls return [] right away
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = self._site = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # HTTP ------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        arrived = time.monotonic()
        name = request.match_info["method"]
        try:
            params = await read_params(request)
        except ApiError as bad_body:
            return self._refuse(name, {}, arrived, bad_body)
        if request.match_info["token"] != self.token:
            return self._refuse(name, params, arrived, ApiError(401, "Unauthorized"))
        found = self._methods.lookup(name)
        if found is None:
            return self._refuse(name, params, arrived, ApiError(404, "Not Found"))
        method, handler = found
        background = method == "getUpdates"
        if not background:
            self._in_flight += 1
        try:
            return await self._dispatch(method, handler, params, arrived)
        finally:
            if not background:
                self._in_flight -= 1
                self._last_activity = time.monotonic()

    def _refuse(self, name: str, params: Json, arrived: float, error: ApiError) -> web.Response:
        call = RecordedCall(name, params, arrived, False, error.status, None, error.description)
        return self._finish(call, error)

    async def _dispatch(
        self, method: str, handler: Callable[[Json], Any], params: Json, arrived: float
    ) -> web.Response:
        failure = self._take_failure(method, params, arrived)
        try:
            if failure is not None and not failure.applied:
                if failure.answer == "hang":
                    await asyncio.sleep(failure.hang)
                raise ApiError(failure.status, failure.description, failure.retry_after)
            self._check_flood(method, params, arrived)
            result = await handler(params)
            if failure is not None and failure.answer != "error":
                self._finish(RecordedCall(method, params, arrived, True, 200, result, injected=True), None)
                return await self.odd_answer(failure, result)
            if failure is not None:  # applied: the effect happened, the reply is lost
                raise ApiError(failure.status, failure.description, failure.retry_after)
        except ApiError as error:
            call = RecordedCall(
                method, params, arrived, False, error.status, None, error.description,
                injected=failure is not None,
            )  # fmt: skip
            return self._finish(call, error)
        return self._finish(RecordedCall(method, params, arrived, True, 200, result), None)

    def _finish(self, call: RecordedCall, error: ApiError | None) -> web.Response:
        self.calls.append(call)
        if call.method != "getUpdates":
            self._last_activity = time.monotonic()
        if self.on_call is not None:
            try:
                self.on_call(call)
            except Exception:  # a broken printer must not look like a Telegram error
                log.exception("FakeBotApi.on_call hook failed")
        self._changed.set()
        self._changed = asyncio.Event()  # fresh one: set() already woke every waiter
        if error is not None:
            return web.json_response(error.body(), status=error.status)
        return web.json_response({"ok": True, "result": call.result})

    # failure injection & flood control -------------------------------------

    def _check_flood(self, method: str, params: Json, now: float) -> None:
        chat_id = params.get("chat_id")
        if not self.enforce_limits or method not in CHAT_BOUND or not isinstance(chat_id, int):
            return
        verdict = check(self._chat_bound_history(), chat_id, now, self.limits)
        if verdict is not None:
            raise ApiError.too_many(retry_after(verdict[0]))

    def _chat_bound_history(self) -> list[tuple[float, int]]:
        return [
            (call.time, call.params["chat_id"])
            for call in self.calls
            if call.ok and call.method in CHAT_BOUND and isinstance(call.params.get("chat_id"), int)
        ]

    def flood_violations(
        self,
        per_chat_per_sec: float = 1,
        per_group_per_min: int = 20,
        global_per_sec: int = 30,
        *,
        per_chat_burst: int = 3,
        slack: float = 0.1,
    ) -> list[str]:
        """Successful sendMessage/edit* calls that broke a limit (see flood.py)."""
        limits = FloodLimits(
            per_chat_per_sec, per_chat_burst, per_group_per_min, global_per_sec, slack
        )
        return violations(self._chat_bound_history(), limits)
