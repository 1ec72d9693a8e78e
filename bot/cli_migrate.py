"""`jinlin run` migrates a database that is behind in a child process, then waits for it.

Alembic, mako and pygments (mako's error pages) take 8–10 MiB once imported, and a process never
gives that back: migrating in the bot's own process would keep them for as long as it runs. The
child (`python -m bot.cli_migrate`) reads the database URL on stdin (a password stays out of `ps`),
logs where the bot logs (stderr, the same level and format), and on failure prints the one line
the operator reads on its stdout, which the parent raises as its `StartupError` (exit code 2).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path

from bot.startup import StartupError

ROOT = Path(__file__).resolve().parents[1]


async def upgrade_in_child(url: str, log_format: str = "text") -> None:
    """`storage.migrate.upgrade(url)` in a child process; its failure is a `StartupError`."""
    level = logging.getLevelName(logging.getLogger().getEffectiveLevel())
    # The package root first: a checkout run as `python -m bot` without installing still imports.
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli_migrate", level, log_format,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env={**os.environ, "PYTHONPATH": path},
    )  # fmt: skip
    try:
        said, _ = await process.communicate(url.encode("utf-8"))
    except BaseException:
        # Stopped while migrating (Ctrl-C reaches the child too): not left behind as an orphan.
        if process.returncode is None:
            process.terminate()
            await process.wait()
        raise
    if process.returncode != 0:
        lines = said.decode("utf-8", "replace").strip().splitlines()
        raise StartupError(lines[-1] if lines else f"the migration process exited with code {process.returncode}")


def main(argv: list[str]) -> int:
    from bot.ops.logs import configure_logging
    from bot.startup import database_problem, quiet_libraries, safe_url
    from storage.migrate import upgrade

    level, log_format = argv
    configure_logging(level, log_format)
    quiet_libraries(level)
    url = sys.stdin.read()
    try:
        asyncio.run(upgrade(url))
    except Exception as exc:
        print(database_problem(exc, safe_url(url)), flush=True)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
