"""The period's figures: `/report [today|week|month|all]` for secretaries, and `jinlin report`."""

from __future__ import annotations

from handlers.chat import Outcome
from handlers.commands import AskReport, ComputeReport
from handlers.context import Context
from handlers.domain import PERIODS, build_report, period_start
from handlers.ports import UnitOfWork
from handlers.reports.scope import scope


async def compute_report(ctx: Context, uow: UnitOfWork, command: ComputeReport) -> Outcome:
    """The figures as JSON in `detail`, and as text in `answer`."""
    since = period_start(command.period, ctx.clock.now(), ctx.policy.timezone)
    figures = build_report(await uow.requests.posted_since(since), command.period, since, command.communities)
    return Outcome("reported", detail=figures.as_json(), answer=ctx.texts.report(figures))


async def ask_report(ctx: Context, uow: UnitOfWork, command: AskReport) -> Outcome:
    message = command.message
    community = None
    if not message.is_private:
        compound = ctx.policy.grid.compound_of_chat(message.chat_id)
        community = compound.community if compound else None
    if not ctx.policy.grid.is_secretary(command.sender.user_id, community):
        return ctx.say("report_refused")
    period = command.call.args[0].lower() if command.call.args else "week"
    if period not in PERIODS:
        return ctx.say("report_usage", periods=" | ".join(PERIODS))
    _, communities = scope(ctx, message)
    return await compute_report(ctx, uow, ComputeReport(period, tuple(communities)))
