"""`jinlin`: run the bot, play the offline demo, report, parse, train, match, export corrections, upgrade the
database."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
from collections.abc import Sequence

from bot import reader_cli
from bot.config import TOKEN_ENV, Config, ConfigError, bot_token, load_config

log = logging.getLogger("jinlin")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jinlin", description="Jinlin (近邻): mutual help in compound group chats")
    parser.add_argument(
        "--log-level", choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="default INFO; WARNING for the demo, whose transcript is the output",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run the bot against Telegram (token from TELEGRAM_BOT_TOKEN)")
    _config_arg(run)
    run.add_argument("--framework", choices=["aiogram", "ptb"], help="override [telegram] framework")

    demo = sub.add_parser("demo", help="play a scripted afternoon offline (no token, SQLite)")
    demo.add_argument("--framework", choices=["aiogram", "ptb"], default="aiogram")
    demo.add_argument("--db", help="SQLite file to use (default: a fresh temporary file)")
    demo.add_argument("--locale", choices=["zh", "en"], default="zh")

    report = sub.add_parser("report", help="print the period's figures")
    _config_arg(report)
    report.add_argument("--json", action="store_true", help="one JSON object instead of text")
    report.add_argument("--period", choices=["today", "week", "month", "all"], default="all")

    parse = sub.add_parser("parse", help="read messages from stdin, write what they mean as JSON lines")
    reader_cli.add_parse_arguments(parse)

    train = sub.add_parser("train", help="fit the reader's model on the labelled corpus (needs the train extra)")
    reader_cli.add_train_arguments(train)

    match = sub.add_parser("match", help="show how volunteers rank for a request")
    _config_arg(match)
    match.add_argument("--explain", type=int, required=True, metavar="REQUEST_ID")

    corrections = sub.add_parser("corrections", help="labelled examples from people's corrections")
    _config_arg(corrections)
    corrections.add_argument("action", choices=["export"])
    corrections.add_argument("out", metavar="OUT.jsonl", help="write LABELS.md lines here ('-': stdout)")

    forget = sub.add_parser("forget", help="remove a person's names and words, keeping the anonymous counts")
    _config_arg(forget)
    forget.add_argument("user_id", type=int, metavar="USER_ID", help="their Telegram user id")
    forget.add_argument("--json", action="store_true", help="one JSON object instead of text")

    db = sub.add_parser("db", help="database migrations")
    _config_arg(db)
    db.add_argument("action", choices=["upgrade", "current"])
    return parser


def _config_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", default="config.toml", help="path to config.toml (default: ./config.toml)")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    level = args.log_level or ("WARNING" if args.command == "demo" else "INFO")
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        if args.command == "parse":
            return reader_cli.run_parse(args)
        if args.command == "train":
            return reader_cli.run_train(args)
        if args.command == "demo":
            from bot.demo import play

            return asyncio.run(play(args.framework, args.db, args.locale))
        config = load_config(args.config)
        if args.command == "run":
            return _run(config, args.framework)
        if args.command == "report":
            return asyncio.run(_report(config, args.period, args.json))
        if args.command == "match":
            return asyncio.run(_match(config, args.explain))
        if args.command == "forget":
            from bot.privacy_cli import forget

            return asyncio.run(forget(config, args.user_id, args.json))
        if args.command == "corrections":
            from bot.corrections_export import export

            return export(config, args.out)
        return asyncio.run(_db(config, args.action))
    except ConfigError as e:
        print(f"config error: {e}", file=sys.stderr)
        return 2


def _run(config: Config, framework: str | None) -> int:
    token = bot_token()
    if token is None:
        print(f"Set {TOKEN_ENV} to the token BotFather gave you (see README: Deploying).", file=sys.stderr)
        return 2
    if framework:
        from dataclasses import replace

        config = replace(config, telegram=replace(config.telegram, framework=framework))
    return asyncio.run(_serve(config, token))


async def _serve(config: Config, token: str) -> int:
    from bot.bootstrap import build, running

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    app = await build(config, token)
    async with running(app):
        await stop.wait()
    log.info("stopped")
    return 0


async def _report(config: Config, period: str, as_json: bool) -> int:
    from bot.bootstrap import make_context, prepare_database
    from bot.clock import SystemClock
    from bot.texts.fmt import plain_text
    from handlers.commands import ComputeReport
    from handlers.table import execute
    from storage.uow import sql_uow_factory

    engine = await prepare_database(config)
    try:
        # The same use case as /report, over every community.
        async with sql_uow_factory(engine)() as uow:
            outcome = await execute(make_context(config, SystemClock()), uow, ComputeReport(period))
    finally:
        await engine.dispose()
    if as_json:
        print(json.dumps(outcome.detail, ensure_ascii=False))
    else:
        print(plain_text(outcome.answer or ""))
    return 0


async def _match(config: Config, request_id: int) -> int:
    from bot.bootstrap import make_context, prepare_database
    from bot.clock import SystemClock
    from handlers.matching import explain
    from handlers.requests.calling import ranked_volunteers
    from storage.uow import sql_uow_factory

    engine = await prepare_database(config)
    try:
        ctx = make_context(config, SystemClock())
        async with sql_uow_factory(engine)() as uow:
            request = await uow.requests.get(request_id)
            if request is None:
                print(f"no request #{request_id}", file=sys.stderr)
                return 1
            ranked, volunteers = await ranked_volunteers(ctx, uow, request)
            called = await uow.calls.called(request_id)
    finally:
        await engine.dispose()
    print(f"#{request.id} {request.category} building={request.building} compound={request.compound} "
          f"status={request.status.value} ring={request.ring} called={sorted(called)}")
    print(explain(ranked, {uid: v.name for uid, v in volunteers.items()}))
    return 0


async def _db(config: Config, action: str) -> int:
    from storage.migrate import current, upgrade

    if action == "upgrade":
        await upgrade(config.database.url)
    print(await current(config.database.url) or "(empty database)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
