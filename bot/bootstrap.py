"""The one place where everything is built and wired, and the one lifespan that runs it.

Nothing is created at import time; `build` makes the parts, `running` starts and stops them in order.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import SystemClock
from bot.config import Config
from bot.delivery import BotCommand, Transport
from bot.render import HtmlRenderer
from bot.sender import OutboxSender
from bot.transports import build_transport
from handlers.context import Context
from handlers.core import Core
from handlers.desk.grid import grid_in_effect
from handlers.domain import Policy
from handlers.ports import Clock, Reader
from handlers.table import MENU
from handlers.understanding import read_message
from jobs.scheduler import Jobs
from storage.engine import create_engine
from storage.migrate import upgrade
from storage.outbox_queue import SqlOutboxQueue
from storage.uow import sql_uow_factory

log = logging.getLogger(__name__)


@dataclass(slots=True)
class App:
    config: Config
    engine: AsyncEngine
    transport: Transport
    core: Core
    sender: OutboxSender
    jobs: Jobs


def make_context(
    config: Config, clock: Clock, bot_username: str = "", read: Reader = read_message, policy: Policy | None = None
) -> Context:
    """`policy`: the one in effect (config.toml's, with the chats and secretaries added from Telegram)."""
    return Context(
        policy=policy or config.policy,
        texts=HtmlRenderer(
            config.bot.locale, config.bot.timezone, config.bot.emergency_number, bot_username, clock=clock.now
        ),
        clock=clock,
        read=read,
        emergency_number=config.bot.emergency_number,
        bot_username=bot_username,
    )


async def prepare_database(config: Config) -> AsyncEngine:
    """Apply migrations, then open the engine the bot uses."""
    await upgrade(config.database.url)
    return create_engine(config.database.url, echo=config.database.echo)


async def build(
    config: Config, token: str, *, clock: Clock | None = None, transport: Transport | None = None,
    read: Reader = read_message,
) -> App:
    """`read` is the message reader (tests inject one that is unsure on cue)."""
    clock = clock or SystemClock()
    transport = transport or build_transport(
        config.telegram.framework, token, config.telegram.api_base, config.telegram.poll_timeout
    )
    engine = await prepare_database(config)
    uow_factory = sql_uow_factory(engine)
    async with uow_factory() as uow:
        # config.toml's grid with what secretaries bound from Telegram; the database records it.
        grid = await grid_in_effect(uow, config.grid)
        await uow.grid.sync(grid, clock.now())
        await uow.commit()
    sender = OutboxSender(SqlOutboxQueue.from_engine(engine), transport.api, config.outbox)
    ctx = make_context(config, clock, read=read, policy=replace(config.policy, grid=grid))
    jobs = Jobs(ctx, uow_factory, config.jobs, on_commit=sender.wake)

    def new_context(changed: Context) -> None:
        jobs.ctx = changed

    core = Core(ctx, uow_factory, on_commit=sender.wake, configured=config.grid, on_context=new_context)
    return App(config, engine, transport, core, sender, jobs)


@asynccontextmanager
async def running(app: App) -> AsyncIterator[App]:
    """Start order: learn who we are, sender, timers, then updates; stop in reverse."""
    me = await app.transport.identify()
    ctx = make_context(app.config, app.core.ctx.clock, me.username, read=app.core.ctx.read, policy=app.core.ctx.policy)
    app.core.ctx = app.jobs.ctx = ctx
    await _advertise_commands(app, ctx)
    sender_task = asyncio.create_task(app.sender.run(), name="outbox-sender")
    app.jobs.start()
    await app.transport.start(app.core.handle)
    log.info("Jinlin is running as @%s (%s, %s)", me.username, app.config.telegram.framework,
             _safe_url(app.config.database.url))
    try:
        yield app
    finally:
        await app.transport.stop()
        app.jobs.shutdown()
        await app.sender.stop()
        sender_task.cancel()
        await asyncio.gather(sender_task, return_exceptions=True)
        await app.engine.dispose()


async def _advertise_commands(app: App, ctx: Context) -> None:
    commands = [BotCommand(name, ctx.texts.text(f"cmd_{name}")) for name in MENU]
    try:
        await app.transport.set_commands(commands, None)
    except Exception:
        # The menu is a convenience; a bot that cannot set it must still run.
        log.warning("could not set the command menu", exc_info=True)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
