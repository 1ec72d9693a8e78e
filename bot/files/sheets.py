"""Exports as an XLSX (bot/files/xlsx.py: the sheets written as text, not cell objects) and a zip of CSVs.

A zip of one CSV per table rather than one CSV of requests: the events, concerns and visits are
tables of their own, and the zip holds exactly the sheets of the workbook. CSVs are UTF-8 with a
byte-order mark, so that Excel opens Chinese text correctly; their headers are the workbook's.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence

from bot.files.xlsx import write_xlsx
from bot.texts.words import Words
from handlers.chat import File
from handlers.domain.exports import Cell, Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Residents' words go into cells: one starting like a formula would run as one in a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Cell) -> Cell:
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def rows(table: Table) -> list[list[Cell]]:
    return [[cell(v) for v in row] for row in table.rows]


def header(w: Words, table: Table) -> list[str]:
    return [w.t(f"col_{c}") if w.has(f"col_{c}") else c for c in table.columns]


def sheet_title(w: Words, table: Table) -> str:
    key = f"sheet_{table.name}"
    # Excel allows 31 characters and none of []:*?/\ in a sheet's name.
    title = w.t(key) if w.has(key) else table.name
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or table.name


def workbook(w: Words, tables: Sequence[Table], stem: str) -> File:
    sheets: list[tuple[str, list[list[Cell]]]] = [
        (sheet_title(w, table), [list[Cell](header(w, table)), *rows(table)]) for table in tables
    ]
    return File(f"{stem}.xlsx", write_xlsx(sheets), XLSX)


def csv_archive(w: Words, tables: Sequence[Table], stem: str) -> File:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(header(w, table))
            writer.writerows(rows(table))
            archive.writestr(f"{stem}-{table.name}.csv", "\ufeff" + text.getvalue())
    return File(f"{stem}-csv.zip", out.getvalue(), "application/zip")
