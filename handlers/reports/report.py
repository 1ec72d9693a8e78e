"""The figures: `/report [period] [building N] [category]` for secretaries, and `jinlin report`.

`/report chart …` draws them instead (handlers/reports/chart.py)."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import AskReport, ComputeReport
from handlers.context import Context
from handlers.desk.roles import secretary_communities
from handlers.domain.report_args import BadArgs
from handlers.ports import UnitOfWork
from handlers.reports.chart import send_charts
from handlers.reports.figures import all_communities, gather, read_query, usage


async def compute_report(ctx: Context, uow: UnitOfWork, command: ComputeReport) -> Outcome:
    """The figures as JSON in `detail`, and as text in `answer`; bad words: the usage, detail["error"]."""
    query = read_query(ctx, command.words, command.communities)
    if isinstance(query, BadArgs):
        return Outcome("usage", detail={"error": query.reason, "word": query.word}, answer=usage(ctx, query))
    report = await gather(uow, query, all_communities(ctx, command.communities), ctx.clock.now())
    return Outcome("reported", detail=report.as_json(), answer=ctx.texts.report(report))


async def ask_report(ctx: Context, uow: UnitOfWork, command: AskReport) -> Outcome:
    message = command.message
    communities = secretary_communities(ctx, message)
    if not communities:
        return ctx.say("report_refused")
    query = read_query(ctx, command.words, communities)
    if isinstance(query, BadArgs):
        return Outcome("usage", answer=usage(ctx, query))
    report = await gather(uow, query, communities, ctx.clock.now(), names=message.is_private)
    if query.chart:
        return await send_charts(ctx, uow, report, message.chat_id)
    return Outcome("reported", detail=report.as_json(), answer=ctx.texts.report(report))
