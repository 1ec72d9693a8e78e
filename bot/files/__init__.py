"""The files the bot makes (handlers.ports.FileMaker): PNG charts (matplotlib) and spreadsheets
(openpyxl, csv), with labels in the configured locale.

matplotlib and the sheet writers are imported when a file is first made, never at start-up: the bot's
resident memory stays what it was for everyone who never asks for a chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.texts.words import Words
from handlers.chat import File
from handlers.domain import Report
from handlers.domain.exports import Table
from handlers.domain.figures import DayCount


class LocalFiles:
    def __init__(self, locale: str, timezone: ZoneInfo) -> None:
        self.words = Words(locale, timezone)

    def charts(self, report: Report, days: Sequence[DayCount]) -> list[File]:
        from bot.files.charts import draw_charts

        return draw_charts(self.words, report, days)

    def workbook(self, tables: Sequence[Table], stem: str) -> File:
        from bot.files.sheets import workbook

        return workbook(self.words, tables, stem)

    def csv_archive(self, tables: Sequence[Table], stem: str) -> File:
        from bot.files.sheets import csv_archive

        return csv_archive(self.words, tables, stem)
