"""`jinlin forget USER_ID` / `--resident ENTRY_ID`: the table's ForgetPerson (ForgetResident) over the
configured database, and what it removed."""

from __future__ import annotations

import json

from bot.config import Config


async def forget(config: Config, user_id: int | None, as_json: bool, *, resident: int | None = None) -> int:
    from bot.bootstrap import make_context, prepare_database
    from bot.clock import SystemClock
    from handlers.commands import ForgetPerson, ForgetResident
    from handlers.table import execute
    from storage.uow import sql_uow_factory

    engine = await prepare_database(config)
    try:
        async with sql_uow_factory(engine)() as uow:
            command = ForgetResident(resident) if resident is not None else ForgetPerson(user_id or 0)
            outcome = await execute(make_context(config, SystemClock()), uow, command)
            await uow.commit()
    finally:
        await engine.dispose()
    removed: dict[str, int] = outcome.detail["removed"]  # type: ignore[assignment]
    if as_json:
        print(json.dumps(outcome.detail, ensure_ascii=False))
        return 0
    who = f"roster entry {resident}" if resident is not None else f"user {user_id}"
    if not any(removed.values()):
        print(f"{who}: nothing to remove (never seen, or forgotten already)")
        return 0
    print(f"{who}: removed")
    for table, count in removed.items():
        if count:
            print(f"  {table}: {count}")
    return 0
