"""`jinlin corrections export --config FILE OUT.jsonl`: the corrections people's actions gave,
as LABELS.md lines (handlers/corrections/export.py says which)."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from bot.config import Config
from handlers.corrections.export import label_line, latest_per_message
from handlers.domain.feedback import Correction


async def load(config: Config) -> list[Correction]:
    from bot.bootstrap import prepare_database
    from storage.uow import sql_uow_factory

    engine = await prepare_database(config)
    try:
        async with sql_uow_factory(engine)() as uow:
            return await uow.corrections.all()
    finally:
        await engine.dispose()


def export(config: Config, out: str) -> int:
    lines = [json.dumps(label_line(c), ensure_ascii=False) for c in latest_per_message(asyncio.run(load(config)))]
    body = "".join(line + "\n" for line in lines)
    if out == "-":
        sys.stdout.write(body)
    else:
        Path(out).write_text(body, encoding="utf-8")
        print(f"{len(lines)} corrections written to {out}", file=sys.stderr)
    return 0
