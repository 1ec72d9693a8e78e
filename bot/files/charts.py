"""`/report chart`: three PNGs drawn with matplotlib's Agg canvas (no pyplot, no GUI, no global state).

Labels are in the configured locale when a CJK font is installed (e.g. fonts-noto-cjk), else in
English: DejaVu, matplotlib's own font, has no Chinese glyphs and would draw empty boxes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.texts.words import Words
from handlers.chat import File
from handlers.domain import Report
from handlers.domain.figures import ByBuilding, ByCategory, DayCount, Tally

CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
    "Droid Sans Fallback", "SimHei", "Microsoft YaHei", "PingFang SC", "AR PL UMing CN",
)  # fmt: skip
WIDTH, HEIGHT, DPI = 9.0, 4.8, 100  # 900 × 480 pixels
POSTED, DONE = "#4C78A8", "#54A24B"
_MOST_BARS = 20


@cache
def cjk_font() -> str | None:
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _words(w: Words) -> tuple[Words, list[str]]:
    font = cjk_font()
    if w.locale == "zh" and font is None:
        return Words("en", w.timezone), ["DejaVu Sans"]
    return w, [font, "DejaVu Sans"] if font else ["DejaVu Sans"]


def _png(name: str, fonts: list[str], draw: Callable[[Any], None]) -> File:
    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    with _fonts(fonts):
        draw(figure.add_subplot())
        out = io.BytesIO()
        figure.savefig(out, format="png")
    return File(name, out.getvalue(), "image/png")


def _fonts(fonts: list[str]) -> Any:
    from matplotlib import rc_context

    return rc_context({"font.family": "sans-serif", "font.sans-serif": fonts})


def _daily(w: Words, title: str, days: Sequence[DayCount]) -> Callable[[Any], None]:
    def draw(ax: Any) -> None:
        xs = list(range(len(days)))
        ax.bar([x - 0.2 for x in xs], [d.posted for d in days], 0.4, color=POSTED, label=w.t("chart_posted"))
        ax.bar([x + 0.2 for x in xs], [d.done for d in days], 0.4, color=DONE, label=w.t("chart_done"))
        step = max(1, len(days) // 12)
        ax.set_xticks(xs[::step], [f"{d.day:%m-%d}" for d in days[::step]])
        ax.set_title(title)
        ax.set_ylabel(w.t("chart_requests"))
        ax.legend()

    return draw


def _bars(w: Words, title: str, rows: Sequence[Tally], label: Callable[[str | None], str]) -> Callable[[Any], None]:
    shown = list(rows[:_MOST_BARS])[::-1]  # the biggest on top

    def draw(ax: Any) -> None:
        names = [label(t.key) for t in shown]
        ax.barh(names, [t.total for t in shown], color=POSTED, label=w.t("chart_posted"))
        ax.barh(names, [t.done for t in shown], color=DONE, label=w.t("chart_done"))
        ax.set_title(title)
        ax.set_xlabel(w.t("chart_requests"))
        if shown:
            ax.legend()

    return draw


def draw_charts(words: Words, report: Report, days: Sequence[DayCount]) -> list[File]:
    w, fonts = _words(words)
    period = report.query.period
    key = f"period_{period.key}"
    suffix = f" · {w.t(key) if w.has(key) else period.key}"
    categories = report.section(ByCategory)
    buildings = report.section(ByBuilding)
    return [
        _png("chart-daily.png", fonts, _daily(w, w.t("chart_daily") + suffix, days)),
        _png("chart-categories.png", fonts, _bars(
            w, w.t("chart_by_category") + suffix, categories.rows if categories else (),
            lambda k: _plain(w.category(k or "other")),
        )),
        _png("chart-buildings.png", fonts, _bars(
            w, w.t("chart_by_building") + suffix, buildings.rows if buildings else (), lambda k: _plain(w.building(k)),
        )),
    ]  # fmt: skip


def _plain(label: str) -> str:
    """Labels come escaped for HTML; a chart shows them as text."""
    import html

    return html.unescape(label)
