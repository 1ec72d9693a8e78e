"""What `/report`, `/report chart`, `/export` and the CLI share: what the words mean, and the
report's sections gathered from the figure store (who may ask: handlers/desk/roles.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from handlers.context import Context
from handlers.domain import Report
from handlers.domain.figures import Filter, Honours, OldestOpen, Section, Visits
from handlers.domain.report_args import PERIODS, BadArgs, ReportQuery, parse_report_args
from handlers.ports import UnitOfWork

TOP_HELPERS = 5
OLDEST = 5


def read_query(
    ctx: Context, words: Sequence[str], communities: Sequence[str] | None, default: str = "week"
) -> ReportQuery | BadArgs:
    grid = ctx.policy.grid
    chosen = [c for c in grid.communities if communities is None or c.name in communities]
    buildings = {b for c in chosen for compound in c.compounds for b in compound.buildings}
    return parse_report_args(
        words, ctx.clock.now(), ctx.policy.timezone, buildings=buildings, category_of=ctx.texts.category_of,
        default=default,
    )


def usage(ctx: Context, bad: BadArgs, key: str = "report_usage") -> str:
    """What was wrong with the words, then how to write them."""
    wrong = ctx.texts.text(f"report_bad_{bad.reason}", word=bad.word)
    return wrong + "\n" + ctx.texts.text(key, periods=" | ".join(PERIODS))


def all_communities(ctx: Context, given: Sequence[str] | None) -> tuple[str, ...]:
    return tuple(given) if given is not None else tuple(c.name for c in ctx.policy.grid.communities)


async def gather(
    uow: UnitOfWork, query: ReportQuery, communities: Sequence[str], now: datetime, *, names: bool = True
) -> Report:
    """The report's sections; `names`: honour volunteers by name (not in a group, where they did not agree).

    The visits are counted per community: asked about one building or category, they are left out."""
    f = Filter.of(query, communities)
    figures = uow.figures
    sections: list[Section] = list(await figures.summary(f))
    if names:
        sections.append(Honours(tuple(await figures.helpers(f, TOP_HELPERS))))
    sections.append(OldestOpen(tuple(await figures.waiting(f.any_time(), OLDEST))))
    if query.building is None and query.category is None:
        sections.append(Visits(await uow.rosters.figures(f.since, f.until or now, communities)))
    return Report(query, tuple(communities), tuple(sections))
