"""Faults the fake can serve: Telegram's errors, answers a client cannot use, silence, an outage.

Each rule applies to the next `times` calls of a method (optionally to one chat). What the
client sees, and whether the call took effect, is what a real deployment meets:

- an error status (429 with retry_after, 400, 403, 5xx), with or without the effect (`applied`:
  the message was posted, the reply lost);
- "garbage": 200 with a body that is not JSON (a proxy's page, another server's version), the
  effect done;
- "null": 200 `{"ok": true, "result": null}`, the effect done;
- "hang": no answer for `hang` seconds (the client times out), with or without the effect;
- an outage: the port closed for a while, then open again (`outage`).
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from .errors import default_description
from .models import Failure, Json
from .world import World

GARBAGE = "<html><body><h1>502 Bad Gateway</h1>nginx</body></html>"


class FaultControls:
    """Mixed into FakeBotApi."""

    failures: list[Failure]
    host: str
    port: int
    _runner: web.AppRunner | None
    _site: web.TCPSite | None
    _world: World

    def patch_me(self, **fields: Any) -> None:
        """Change getMe's answer: `can_read_all_group_messages=False`, or `first_name=None` to
        leave out a field the clients require."""
        self._world.me_patch.update(fields)

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int = 1,
        description: str | None = None,
        times: int = 1,
        chat_id: int | None = None,
        applied: bool = False,
    ) -> Failure:
        """Make the next `times` matching calls fail with `status`.

        429 carries parameters.retry_after; 5xx simulates an outage. With
        applied=True the call still takes effect (a timeout after the message was
        delivered), so a naive retry duplicates it.
        """
        failure = Failure(
            method=method,
            status=status,
            retry_after=retry_after if status == 429 else None,
            description=description or default_description(status, retry_after),
            times=times,
            chat_id=chat_id,
            applied=applied,
        )
        self.failures.append(failure)
        return failure

    def answer_next(
        self,
        method: str,
        answer: str,
        *,
        times: int = 1,
        chat_id: int | None = None,
        hang: float = 0.0,
        applied: bool = True,
    ) -> Failure:
        """Answer the next `times` matching calls with "garbage" or "null" (the effect done), or
        "hang" for `hang` seconds (the effect done when `applied`)."""
        if answer not in ("garbage", "null", "hang"):
            raise ValueError(f"unknown answer {answer!r}")
        failure = Failure(
            method=method, status=200 if answer != "hang" else 504, retry_after=None,
            description=default_description(504), times=times, chat_id=chat_id,
            applied=applied or answer != "hang", answer=answer, hang=hang,
        )  # fmt: skip
        self.failures.append(failure)
        return failure

    def _take_failure(self, method: str, params: Json, now: float) -> Failure | None:
        for failure in self.failures:
            if failure.times <= len(failure.fired) or failure.method.lower() != method.lower():
                continue
            if failure.chat_id is not None and params.get("chat_id") != failure.chat_id:
                continue
            failure.fired.append(now)
            return failure
        return None

    @staticmethod
    async def odd_answer(failure: Failure, result: Any) -> web.Response:
        """The response of a "garbage", "null" or applied "hang" rule, once the effect is done."""
        if failure.answer == "hang":
            await asyncio.sleep(failure.hang)  # the client has given up by now
            return web.json_response({"ok": True, "result": result})
        if failure.answer == "garbage":
            return web.Response(text=GARBAGE, content_type="text/html", status=200)
        return web.json_response({"ok": True, "result": None})

    # outage ------------------------------------------------------------------

    async def go_down(self) -> None:
        """Close the port: every call fails to connect, as when the Bot API is unreachable."""
        if self._site is not None:
            site, self._site = self._site, None
            await site.stop()
        if self._runner is not None and self._runner.server is not None:
            for connection in list(self._runner.server.connections):
                connection.force_close()  # kept-alive connections die with the server too

    async def come_back(self) -> None:
        if self._site is None and self._runner is not None:
            self._site = web.TCPSite(self._runner, self.host, self.port)
            await self._site.start()

    async def outage(self, seconds: float) -> None:
        """Down for `seconds`, then back on the same port."""
        await self.go_down()
        try:
            await asyncio.sleep(seconds)
        finally:
            await self.come_back()
