"""Published results (公示), when `[jobs] publish_results` is on: on the 1st, each group hears last
month's figures for its compound and thanks to its most helpful volunteers, those who agreed to
be named (`/volunteer name on`). A compound with nothing to count hears nothing."""

from __future__ import annotations

from handlers.chat import Outcome, Outgoing, Send
from handlers.commands import PublishResults
from handlers.context import Context
from handlers.domain.results import previous_month
from handlers.ports import UnitOfWork

THANKED = 5  # volunteers named in one month's thanks


async def publish_results(ctx: Context, uow: UnitOfWork, command: PublishResults) -> Outcome:
    since, until = previous_month(ctx.clock.now(), ctx.policy.timezone)
    posted: list[int] = []
    outgoing: list[Outgoing] = []
    for community in ctx.policy.grid.communities:
        for compound in community.compounds:
            if not compound.chats:
                continue
            results = await uow.desk.month_results(compound.chats, since, until, THANKED)
            if results.total == 0:
                continue
            lines = [ctx.texts.text("results_month", month=since.month, total=results.total, done=results.done)]
            if results.helpers:
                names, dones = [h.name for h in results.helpers], [h.done for h in results.helpers]
                lines.append(ctx.texts.text("results_thanks", names=names, dones=dones))
            for chat_id in compound.chats:
                outgoing.append(Outgoing(Send(chat_id, "\n".join(lines))))
                posted.append(chat_id)
    detail: dict[str, object] = {"chats": posted, "since": since.isoformat()}
    return Outcome("results_published", detail=detail, outgoing=tuple(outgoing))
