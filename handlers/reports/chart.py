"""`/report chart …`: the report's figures drawn as PNG charts and sent as photos where asked.

Charts name no one (counts per day, category and building), so they go where they were asked."""

from __future__ import annotations

from handlers.chat import Outcome, Outgoing, SendFile
from handlers.context import Context
from handlers.domain import Report
from handlers.domain.figures import Filter, Totals, per_day
from handlers.ports import UnitOfWork


async def send_charts(ctx: Context, uow: UnitOfWork, report: Report, chat_id: int) -> Outcome:
    if ctx.files is None:
        return ctx.say("files_unavailable")
    period = report.query.period
    hours = await uow.figures.hourly(Filter.of(report.query, report.communities))
    days = per_day(hours, ctx.policy.timezone, period.since, period.until or ctx.clock.now())
    totals = report.section(Totals)
    if not days or (totals is not None and totals.counts.total == 0):
        return ctx.say("chart_nothing")
    charts = ctx.files.charts(report, days)
    detail: dict[str, object] = {"charts": [c.name for c in charts], "days": len(days)}
    return Outcome("charted", detail=detail, outgoing=tuple(Outgoing(SendFile(chat_id, c, photo=True)) for c in charts))
