"""A PostgreSQL cluster of the scenario's own, to restart under the bot: the machine's shared server
(127.0.0.1:5432) serves other engineers' tests and CI, so it is never the one stopped.

initdb as the `postgres` user (the server refuses to run as root) in a temp dir it owns, a free
port on loopback, the socket in the same dir; stopped with `-m immediate` (a crash: no checkpoint,
connections cut) and removed however the scenario ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pwd
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import pytest_asyncio

from tests.e2e.test_webhook import free_port

BIN = Path("/usr/lib/postgresql/15/bin")
DATABASE = "jinlin_restart"


class PrivateCluster:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="jinlin-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.log = self.root / "server.log"
        self.restarts = 0

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{DATABASE}"

    async def _as_postgres(self, *args: str) -> None:
        process = await asyncio.create_subprocess_exec(
            "runuser", "-u", "postgres", "--", *args,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        out, _ = await process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} exited with {process.returncode}: {out.decode()[-2000:]}")

    async def init(self) -> None:
        user = pwd.getpwnam("postgres")
        os.chown(self.root, user.pw_uid, user.pw_gid)
        await self._as_postgres(str(BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                                "--no-sync", "-E", "UTF8", "--locale", "C")  # fmt: skip
        await self.start()
        admin = await asyncpg.connect(host="127.0.0.1", port=self.port, user="postgres", database="postgres")
        try:
            await admin.execute(f'CREATE DATABASE "{DATABASE}"')
        finally:
            await admin.close()

    async def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=60"
        await self._as_postgres(str(BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options,
                                "-w", "-t", "30", "start")  # fmt: skip

    async def stop(self, mode: str = "immediate") -> None:
        await self._as_postgres(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    async def restart(self, down_seconds: float) -> None:
        """Crash the server, leave it down `down_seconds`, start it again."""
        await self.stop("immediate")
        self.restarts += 1
        await asyncio.sleep(down_seconds)
        await self.start()

    async def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError):  # not running after all: nothing to stop
                await self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


@pytest_asyncio.fixture
async def private_pg() -> AsyncIterator[PrivateCluster]:
    cluster = PrivateCluster()
    try:
        await cluster.init()
        yield cluster
    finally:
        await cluster.remove()
