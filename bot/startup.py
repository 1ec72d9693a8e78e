"""Start-up that explains itself: each way `jinlin run` can fail to start becomes one line for the
operator (the CLI prints it and exits 2, no traceback), and the logs stay readable.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from bot.delivery import Rejected, Unreachable

# The HTTP libraries log every request at INFO (PTB through httpx: ~10 MB in 3 minutes against a
# fast server); they speak up only for warnings unless the operator asks for debug.
CHATTY_LOGGERS = ("httpx", "httpcore", "aiohttp", "telegram.request")
PRIVACY_STEP = "README, Deploying to Telegram, step 2 (Let it read the group)"


class StartupError(Exception):
    """Why the bot cannot start, in one line an operator can act on."""


def quiet_libraries(level: str) -> None:
    """The root level from `--log-level` or `[bot] log_level`; the HTTP libraries at WARNING
    unless it is debug."""
    level = level.upper()
    logging.getLogger().setLevel(level)
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)


def safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(unreadable database URL)"


@contextmanager
def database_step(url: str) -> Iterator[None]:
    """Opening and migrating the database."""
    try:
        yield
    except StartupError:
        raise
    except Exception as exc:
        raise StartupError(database_problem(exc, safe_url(url))) from None


def database_problem(exc: Exception, url: str) -> str:
    """The one line for an operator: why the database could not be opened or migrated."""
    from alembic.util import CommandError

    if isinstance(exc, CommandError) and "Can't locate revision" in str(exc):
        return (
            f"the database at {url} was migrated by a newer Jinlin ({_one_line(exc)}); "
            "run the version that migrated it, or restore a backup"
        )
    if isinstance(exc, CommandError):
        return f"the database at {url} could not be migrated: {_one_line(exc)}"
    return f"cannot open the database at {url}: {_one_line(exc)}"


@contextmanager
def telegram_step(api_base: str, what: str) -> Iterator[None]:
    """A Bot API call the bot cannot start without (getMe, the first getUpdates)."""
    try:
        yield
    except StartupError:
        raise
    except Rejected as exc:
        if any(word in str(exc) for word in ("Unauthorized", "InvalidToken", "Not Found")):
            raise StartupError(
                f"Telegram refused the token at {what} ({_one_line(exc)}): check {TOKEN_HINT}"
            ) from None
        raise StartupError(f"Telegram refused {what}: {_one_line(exc)}") from None
    except Unreachable as exc:
        raise StartupError(f"cannot reach the Bot API at {api_base} ({what}): {_one_line(exc)}") from None
    except Exception as exc:
        # An answer the library cannot read (a field missing, not JSON): not a Bot API we know.
        raise StartupError(
            f"the Bot API at {api_base} answered {what} with something Jinlin cannot read: {_one_line(exc)}"
        ) from None


TOKEN_HINT = "TELEGRAM_BOT_TOKEN (the token BotFather gave you)"


def _one_line(exc: BaseException) -> str:
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= 300 else text[:297] + "..."
