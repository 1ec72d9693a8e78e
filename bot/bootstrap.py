"""The one place where everything is built and wired, and the one lifespan that runs it.

Nothing is created at import time; `build` makes the parts, `running` starts and stops them in order.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import SystemClock
from bot.config import Config
from bot.delivery import BotApi, BotCommand, BotIdentity, Transport
from bot.files import LocalFiles
from bot.inbox_worker import InboxWorker
from bot.notices import Notice, SecretaryNotices
from bot.ops.off import NoOps
from bot.render import HtmlRenderer
from bot.sender import OutboxSender
from bot.startup import PRIVACY_STEP, StartupError, database_step, safe_url, telegram_step
from bot.transports import build_transport
from handlers.context import Context
from handlers.core import Core
from handlers.desk.grid import grid_in_effect
from handlers.domain import Policy
from handlers.ports import Clock, Reader
from handlers.ports.observer import NoObserver, Observer
from handlers.table import MENU
from handlers.understanding import read_message
from jobs.scheduler import Jobs
from storage.engine import create_engine, is_sqlite
from storage.inbox import SqlInbox
from storage.leadership import POLLER_KEY, SENDER_KEY, Leadership, send_while_elected
from storage.migrate import at_head, upgrade
from storage.outbox_queue import SqlOutboxQueue
from storage.uow import sql_uow_factory

if TYPE_CHECKING:
    from bot.ops.server import OpsServer

log = logging.getLogger(__name__)
# How a database that is behind is brought to the newest revision (given the URL): in this process,
# or, for `jinlin run`, in a child process (bot/cli_migrate.py) so alembic never stays in memory.
Migrate = Callable[[str], Awaitable[None]]


@dataclass(slots=True)
class App:
    config: Config
    engine: AsyncEngine
    transport: Transport
    core: Core
    sender: OutboxSender
    jobs: Jobs
    inbox: InboxWorker
    ops: OpsServer | NoOps  # /healthz and /metrics, when [ops] listen is set
    notices: SecretaryNotices
    # PostgreSQL: several workers may share the database; one sends, one polls (storage/leadership.py).
    sender_lead: Leadership | None = None
    poller_lead: Leadership | None = None

    @property
    def leads(self) -> list[Leadership]:
        return [lead for lead in (self.sender_lead, self.poller_lead) if lead is not None]


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
        files=LocalFiles(config.bot.locale, config.bot.timezone),
    )


async def prepare_database(config: Config, migrate: Migrate = upgrade) -> AsyncEngine:
    """Apply migrations, then open the engine the bot uses (a failure: `StartupError`)."""
    with database_step(config.database.url):
        engine = create_engine(config.database.url, echo=config.database.echo)
        try:
            if not await at_head(engine):  # a restart, as a rule: alembic not even imported
                await migrate(config.database.url)
        except BaseException:
            await engine.dispose()
            raise
        return engine


async def build(
    config: Config, token: str, *, clock: Clock | None = None, transport: Transport | None = None,
    read: Reader = read_message, migrate: Migrate = upgrade,
) -> App:
    """`read` is the message reader (tests inject one that is unsure on cue). A failure to
    start is a `StartupError`, with whatever was opened closed again."""
    clock = clock or SystemClock()
    engine = await prepare_database(config, migrate)
    shared = not is_sqlite(config.database.url)
    sender_lead = Leadership(engine, SENDER_KEY, "outbox sender") if shared else None
    poller_lead = Leadership(engine, POLLER_KEY, "poller") if shared and config.telegram.webhook is None else None
    try:
        if transport is None:
            tg = config.telegram
            try:
                transport = build_transport(
                    tg.framework, token, tg.api_base, tg.poll_timeout, tg.request_timeout, tg.webhook,
                    poller_lead.held if poller_lead else None,
                )
            except ValueError as exc:
                raise StartupError(f"{exc} (TELEGRAM_BOT_TOKEN)") from None
        uow_factory = sql_uow_factory(engine)
        with database_step(config.database.url):
            async with uow_factory() as uow:
                # config.toml's grid with what secretaries bound from Telegram; the database records it.
                grid = await grid_in_effect(uow, config.grid)
                await uow.grid.sync(grid, clock.now())
                await uow.commit()
    except BaseException:
        await engine.dispose()
        raise
    observer: Observer = NoObserver()
    api: BotApi = transport.api
    ops: OpsServer | NoOps = NoOps()
    if config.ops.listen is not None:
        # Imported only now: prometheus_client costs memory a bot without the listener never uses.
        from bot.ops.metrics import Metrics
        from bot.ops.server import OpsServer

        metrics = Metrics()
        observer, api, ops = metrics, metrics.watch(transport.api), OpsServer(config.ops, engine, metrics)
    notices = SecretaryNotices(uow_factory, config.grid, lambda: core.ctx.texts)
    sender = OutboxSender(
        SqlOutboxQueue.from_engine(engine), api, config.outbox,
        notify=notices, probe=transport.identify, lease_seconds=config.outbox.lease_seconds,
    )
    notices.on_commit = sender.wake
    ctx = make_context(config, clock, read=read, policy=replace(config.policy, grid=grid))
    jobs = Jobs(ctx, uow_factory, config.jobs, on_commit=sender.wake, observer=observer)

    def new_context(changed: Context) -> None:
        jobs.ctx = changed

    core = Core(
        ctx, uow_factory, on_commit=sender.wake, observer=observer, configured=config.grid, on_context=new_context
    )
    inbox = InboxWorker(SqlInbox.from_engine(engine), core.handle, core.abandon, clock, settle=core)
    return App(config, engine, transport, core, sender, jobs, inbox, ops, notices, sender_lead, poller_lead)


@asynccontextmanager
async def running(app: App) -> AsyncIterator[App]:
    """The bot's one lifespan; the health and metrics listener first (a port already taken fails
    before anything else has started) and last."""
    async with app.ops.serving(), _running_bot(app):
        yield app


@asynccontextmanager
async def _running_bot(app: App) -> AsyncIterator[App]:
    """Start order: learn who we are, sender, timers, the inbox worker, then updates; stop in
    reverse (also when starting fails half-way: every session is closed)."""
    api_base = app.config.telegram.api_base
    sender_task: asyncio.Task[None] | None = None
    inbox_task: asyncio.Task[None] | None = None
    try:
        with telegram_step(api_base, "getMe"):
            me = await app.transport.identify()
        ctx = make_context(
            app.config, app.core.ctx.clock, me.username, read=app.core.ctx.read, policy=app.core.ctx.policy
        )
        app.core.ctx = app.jobs.ctx = ctx
        await _advertise_commands(app, ctx)
        sending = (
            send_while_elected(app.sender_lead, app.engine, app.sender.run, app.sender.stop, app.sender.wake)
            if app.sender_lead else app.sender.run()
        )
        sender_task = asyncio.create_task(sending, name="outbox-sender")
        app.jobs.start()
        inbox_task = asyncio.create_task(app.inbox.run(), name="inbox-worker")
        with telegram_step(api_base, "the first getUpdates"):
            await app.transport.start(app.inbox.store)
        log.info("Jinlin is running as @%s (%s, %s)", me.username, app.config.telegram.framework,
                 safe_url(app.config.database.url))
        await _check_privacy(app, me)
        yield app
    finally:
        await app.transport.stop()
        if inbox_task is not None:
            app.inbox.stop()
            # What is not handled by now stays in the inbox for the next start.
            await asyncio.wait({inbox_task}, timeout=5)
            inbox_task.cancel()
            await asyncio.gather(inbox_task, return_exceptions=True)
        if sender_task is not None:
            await app.jobs.stop()
            await app.sender.stop()
            sender_task.cancel()
            await asyncio.gather(sender_task, return_exceptions=True)
        for lead in app.leads:
            await lead.close()
        await app.engine.dispose()


async def _advertise_commands(app: App, ctx: Context) -> None:
    commands = [BotCommand(name, ctx.texts.text(f"cmd_{name}")) for name in MENU]
    try:
        await app.transport.set_commands(commands, None)
    except Exception as exc:
        # The menu is a convenience; a bot that cannot set it must still run.
        log.warning("could not set the command menu (setMyCommands): %s", " ".join(str(exc).split())[:300])


async def _check_privacy(app: App, me: BotIdentity) -> None:
    if me.can_read_all_group_messages:
        return
    log.warning(
        "@%s cannot read ordinary group messages (getMe: can_read_all_group_messages is false): make it an "
        "administrator of each group, or turn privacy mode off with BotFather (%s)", me.username, PRIVACY_STEP,
    )  # fmt: skip
    await app.notices(Notice("privacy", error=f"@{me.username}"))
