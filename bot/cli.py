"""`jinlin`: run the bot, play the offline demo, report, export, parse, train, match, export corrections,
upgrade the database, check a deployment (doctor), back the database up."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot import reader_cli
from bot.ops.logs import configure_logging

if TYPE_CHECKING:
    from bot.config import Config

log = logging.getLogger("jinlin")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jinlin", description="Jinlin (近邻): mutual help in compound group chats")
    parser.add_argument(
        "--log-level", choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="default INFO; WARNING for the demo and the doctor, whose output is a transcript or a checklist",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run the bot against Telegram (token from TELEGRAM_BOT_TOKEN)")
    _config_arg(run)
    run.add_argument("--framework", choices=["aiogram", "ptb"], help="override [telegram] framework")
    run.add_argument("--workers", type=int, default=1, metavar="N",
                     help="N processes sharing one PostgreSQL database (default 1; SQLite: 1 only)")  # fmt: skip

    demo = sub.add_parser("demo", help="play a scripted afternoon offline (no token, SQLite)")
    demo.add_argument("--framework", choices=["aiogram", "ptb"], default="aiogram")
    demo.add_argument("--db", help="SQLite file to use (default: a fresh temporary file)")
    demo.add_argument("--locale", choices=["zh", "en"], default="zh")
    demo.add_argument("--out", help="folder for the charts and exports (default: beside --db, or ./jinlin-demo-files)")

    report = sub.add_parser("report", help="print the figures, as /report gives them")
    _config_arg(report)
    report.add_argument("--json", action="store_true", help="one JSON object instead of text")
    report.add_argument("words", nargs="*", metavar="WORD", help="as /report takes: month, 2025-06, building 198…")

    export = sub.add_parser("export", help="write the XLSX and the zip of CSVs /export sends")
    _config_arg(export)
    export.add_argument("--out", default=".", metavar="DIR", help="directory to write the files in (default: .)")
    export.add_argument("words", nargs="*", metavar="WORD", help="as /export takes: month, 2025-06, …")

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
    forget.add_argument("user_id", type=int, nargs="?", metavar="USER_ID", help="their Telegram user id")
    forget.add_argument("--resident", type=int, metavar="ENTRY_ID", help="a roster resident, by roster entry id")
    forget.add_argument("--json", action="store_true", help="one JSON object instead of text")

    db = sub.add_parser("db", help="database migrations")
    _config_arg(db)
    db.add_argument("action", choices=["upgrade", "current"])

    doctor = sub.add_parser("doctor", help="check config, token, chats, privacy mode and database; exit 1 if any fails")
    _config_arg(doctor)

    backup = sub.add_parser("backup", help="copy the database consistently while the bot runs")
    _config_arg(backup)
    backup.add_argument("out", metavar="FILE", help="where the copy goes (SQLite file, or pg_dump's custom format)")
    return parser


def _config_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", default="config.toml", help="path to config.toml (default: ./config.toml)")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    level = args.log_level or ("WARNING" if args.command in ("demo", "doctor") else "INFO")
    configure_logging(level)
    # `jinlin parse` is timed start-up included: it needs neither the config, the start-up checks
    # nor an event loop, so those are imported below it, not at the top.
    if args.command == "parse":
        return reader_cli.run_parse(args)
    if args.command == "train":
        return reader_cli.run_train(args)
    return _configured(args, level, argv)


def _configured(args: argparse.Namespace, level: str, argv: Sequence[str] | None) -> int:
    """Every command that reads config.toml (or plays the demo, or checks a deployment)."""
    import asyncio

    from bot.config import ConfigError, load_config
    from bot.startup import StartupError

    try:
        if args.command == "demo":
            from bot.demo import play

            return asyncio.run(play(args.framework, args.db, args.locale, out_dir=args.out))
        if args.command == "doctor":
            from bot.ops.doctor import doctor

            return asyncio.run(doctor(args.config))
        config = load_config(args.config)
        if config.bot.log_format != "text":
            configure_logging(level, config.bot.log_format)
        if args.command == "backup":
            from bot.ops.backup import backup

            return backup(config.database.url, args.out)
        if args.command == "run":
            from bot.startup import quiet_libraries

            quiet_libraries(args.log_level or config.bot.log_level)
            return _run(config, args.framework, args.workers, argv)
        if args.command in ("report", "export", "match"):
            from bot import cli_offline

            return cli_offline.run(config, args)
        if args.command == "forget":
            from bot.privacy_cli import forget

            if (args.user_id is None) == (args.resident is None):
                print("jinlin forget: give USER_ID or --resident ENTRY_ID (one of them)", file=sys.stderr)
                return 2
            return asyncio.run(forget(config, args.user_id, args.json, resident=args.resident))
        if args.command == "corrections":
            from bot.corrections_export import export

            return export(config, args.out)
        return asyncio.run(_db(config, args.action))
    except ConfigError as e:
        print(f"config error: {e}", file=sys.stderr)
        return 2
    except StartupError as e:
        print(f"jinlin: cannot start: {e}", file=sys.stderr)
        return 2


def _run(config: Config, framework: str | None, workers: int, argv: Sequence[str] | None) -> int:
    from bot import workers as several
    from bot.config import TOKEN_ENV, bot_token

    token = bot_token()
    if token is None:
        print(f"Set {TOKEN_ENV} to the token BotFather gave you (see README: Deploying).", file=sys.stderr)
        return 2
    if refused := several.refusal(workers, config.database.url):
        print(refused, file=sys.stderr)
        return 2
    if workers > 1:
        child = several.one_worker(sys.argv[1:] if argv is None else argv)
        return several.supervise(config.database.url, workers, child, config.bot.log_format)
    if framework:
        from dataclasses import replace

        config = replace(config, telegram=replace(config.telegram, framework=framework))
    import asyncio

    return asyncio.run(_serve(config, token))


async def _serve(config: Config, token: str) -> int:
    import asyncio

    from bot.bootstrap import build, running
    from bot.cli_migrate import upgrade_in_child
    from bot.startup import StartupError

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        app = await build(config, token, migrate=lambda url: upgrade_in_child(url, config.bot.log_format))
        async with running(app):
            await stop.wait()
    except StartupError as e:
        print(f"jinlin: cannot start: {e}", file=sys.stderr)
        return 2
    log.info("stopped")
    return 0


async def _db(config: Config, action: str) -> int:
    from storage.migrate import current, upgrade

    if action == "upgrade":
        await upgrade(config.database.url)
    print(await current(config.database.url) or "(empty database)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
