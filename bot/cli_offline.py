"""`jinlin report`, `jinlin export`, `jinlin match`: commands of the table run outside any chat."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from bot.config import Config
from handlers.chat import Outcome
from handlers.commands import Command, ComputeExport


def run(config: Config, args: argparse.Namespace) -> int:
    if args.command == "report":
        return asyncio.run(_report(config, tuple(args.words), args.json))
    if args.command == "export":
        return _write_files(asyncio.run(execute_offline(config, ComputeExport(tuple(args.words)))), args.out)
    return asyncio.run(_match(config, args.explain))


async def execute_offline(config: Config, command: Command) -> Outcome:
    """A command of the table, over every community, outside any chat."""
    from bot.bootstrap import make_context, prepare_database
    from bot.clock import SystemClock
    from handlers.table import execute
    from storage.uow import sql_uow_factory

    engine = await prepare_database(config)
    try:
        async with sql_uow_factory(engine)() as uow:
            return await execute(make_context(config, SystemClock()), uow, command)
    finally:
        await engine.dispose()


async def _report(config: Config, words: tuple[str, ...], as_json: bool) -> int:
    from bot.texts.fmt import plain_text
    from handlers.commands import ComputeReport

    outcome = await execute_offline(config, ComputeReport(words))
    if outcome.name == "usage":
        print(plain_text(outcome.answer or ""), file=sys.stderr)
        return 2
    print(json.dumps(outcome.detail, ensure_ascii=False) if as_json else plain_text(outcome.answer or ""))
    return 0


def _write_files(outcome: Outcome, out: str) -> int:
    from pathlib import Path

    from bot.texts.fmt import plain_text

    if not outcome.files:
        print(plain_text(outcome.answer or ""), file=sys.stderr)
        return 2
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    for file in outcome.files:
        (folder / file.name).write_bytes(file.data)
        print(folder / file.name)
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
