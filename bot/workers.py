"""`jinlin run --workers N`: N processes, each a full bot, sharing one PostgreSQL database.

Everything they share is coordinated by PostgreSQL (storage/leadership.py elects the one sender
and, with polling, the one poller; inbox and outbox rows are leased with SKIP LOCKED), so this
parent only starts them, restarts one that dies, and passes a stop on. With a webhook all N
listen on the one port (SO_REUSEPORT). SQLite is one process: more than one worker is refused.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

from storage.engine import is_sqlite

log = logging.getLogger("jinlin")

RESTART_PAUSE_SECONDS = 1.0
STOP_GRACE_SECONDS = 20.0


def refusal(workers: int, database_url: str) -> str | None:
    """Why `--workers` cannot be run on this database, as one line; None when it can."""
    if workers < 1:
        return f"--workers must be at least 1, got {workers}"
    if workers > 1 and is_sqlite(database_url):
        return (f"--workers {workers} needs PostgreSQL: SQLite is one process "
                "(set [database] url or JINLIN_DATABASE_URL to postgresql+asyncpg://…, or run one worker)")  # fmt: skip
    return None


def one_worker(argv: Sequence[str]) -> list[str]:
    """`argv` without its --workers option: what each worker runs."""
    args, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--workers":
            skip = True
        elif not arg.startswith("--workers="):
            args.append(arg)
    return args


def supervise(database_url: str, workers: int, child_args: Sequence[str], log_format: str = "text") -> int:
    """Run `workers` copies of `jinlin <child_args>` until SIGTERM or SIGINT; restart any that dies."""
    from bot.cli_migrate import upgrade_in_child

    # Once, before N processes would race to; in a child, as `jinlin run` does, so that alembic
    # stays out of this process too (it lives as long as the workers). A failure: `StartupError`.
    asyncio.run(upgrade_in_child(database_url, log_format))
    stopping = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    command = [sys.executable, "-m", "bot", *child_args]
    children = [subprocess.Popen(command) for _ in range(workers)]
    log.info("started %d workers: pids %s", workers, " ".join(str(c.pid) for c in children))
    while not stopping:
        for i, child in enumerate(children):
            code = child.poll()
            if code is not None and not stopping:
                log.error("worker pid %d exited with %d; starting another", child.pid, code)
                time.sleep(RESTART_PAUSE_SECONDS)
                children[i] = subprocess.Popen(command)
                log.info("worker pid %d started", children[i].pid)
        time.sleep(0.2)
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for child in children:
        try:
            child.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    log.info("stopped %d workers", workers)
    return 0
