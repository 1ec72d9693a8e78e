"""`/export [period]`: the period's requests with their events, concerns and visits as an XLSX and a
zip of CSVs, sent privately to a secretary (asked in a group: a short answer there); `jinlin export`.

They name residents, so they go only to a secretary's private chat, of their own communities."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta

from handlers.chat import File, Outcome
from handlers.commands import AskExport, ComputeExport
from handlers.context import Context
from handlers.desk.roles import secretary_communities
from handlers.desk.show import privately, start_first
from handlers.domain.exports import Table, export_tables
from handlers.domain.figures import Filter
from handlers.domain.report_args import BadArgs, ReportQuery
from handlers.ports import FileMaker, UnitOfWork
from handlers.reports.figures import all_communities, read_query, usage

# An XLSX sheet holds 1,048,576 rows and Telegram takes documents up to 50 MB: past this, narrow the period.
MAX_REQUESTS = 100_000


def file_stem(ctx: Context, query: ReportQuery) -> str:
    """`jinlin-20250601-20250630`: the dates the files cover, as a file name can hold them."""
    p = query.period
    tz = ctx.policy.timezone
    last = (p.until or ctx.clock.now()) - timedelta(microseconds=1)
    span = f"{p.since.astimezone(tz):%Y%m%d}-{last.astimezone(tz):%Y%m%d}" if p.since else f"all-{last:%Y%m%d}"
    extra = "-".join(x for x in (query.building, query.category) if x)
    return re.sub(r"[^0-9A-Za-z_-]+", "_", f"jinlin-{span}" + (f"-{extra}" if extra else ""))


async def tables(ctx: Context, uow: UnitOfWork, query: ReportQuery, communities: Sequence[str]) -> list[Table]:
    f = Filter.of(query, communities)
    concerns = [
        c
        for community in communities
        for c in await uow.lists.concerns(community)
        if (f.since is None or c.at >= f.since) and (f.until is None or c.at < f.until)
        and (f.building is None or c.building == f.building) and (f.category is None or c.category == f.category)
    ]
    # Visits have a building but no category: asked for one category, the sheet stays empty.
    visits = [
        (entry, event)
        for entry, event in await uow.rosters.logged(f.since, f.until, communities)
        if (f.building is None or entry.building == f.building) and f.category is None
    ]
    figures = uow.figures
    return export_tables(
        await figures.requests(f), await figures.helped_by(f), await figures.events(f), concerns, visits,
        ctx.policy.timezone,
    )


def files_of(files: FileMaker, made: list[Table], stem: str) -> tuple[File, File]:
    return files.workbook(made, stem), files.csv_archive(made, stem)


async def compute_export(ctx: Context, uow: UnitOfWork, command: ComputeExport) -> Outcome:
    query = read_query(ctx, command.words, command.communities, default="month")
    if isinstance(query, BadArgs):
        return Outcome("usage", detail={"error": query.reason}, answer=usage(ctx, query, "export_usage"))
    if ctx.files is None:
        return ctx.say("files_unavailable")
    made = await tables(ctx, uow, query, all_communities(ctx, command.communities))
    counts = {t.name: len(t.rows) for t in made}
    return Outcome("exported", detail={"rows": counts}, files=files_of(ctx.files, made, file_stem(ctx, query)))


async def ask_export(ctx: Context, uow: UnitOfWork, command: AskExport) -> Outcome:
    message = command.message
    communities = secretary_communities(ctx, message)
    if not communities:
        return ctx.say("export_refused")
    query = read_query(ctx, command.words, communities, default="month")
    if isinstance(query, BadArgs):
        return Outcome("usage", answer=usage(ctx, query, "export_usage"))
    if ctx.files is None:
        return ctx.say("files_unavailable")
    # Before the files are made: they could only go privately.
    held = await start_first(ctx, uow, command, "export_start_first")
    if held is not None:
        return held
    total = (await uow.figures.counts(Filter.of(query, communities))).total
    if total > MAX_REQUESTS:
        return ctx.say("export_too_big", count=total, most=MAX_REQUESTS)
    made = await tables(ctx, uow, query, communities)
    rows = {t.name: len(t.rows) for t in made}
    caption = ctx.texts.text("export_caption", requests=rows["requests"], events=rows["events"],
                             concerns=rows["concerns"], visits=rows["visits"])
    files = files_of(ctx.files, made, file_stem(ctx, query))
    return await privately(ctx, uow, command, "exported", caption, detail={"rows": rows}, files=files)
