"""Exports as an XLSX (openpyxl, write-only: rows stream out, memory stays flat) and a zip of CSVs.

A zip of one CSV per table rather than one CSV of requests: the events, concerns and visits are
tables of their own, and the zip holds exactly the sheets of the workbook. CSVs are UTF-8 with a
byte-order mark, so that Excel opens Chinese text correctly; their headers are the workbook's.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

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


def xml_safe(value: Cell) -> Cell:
    # XML holds no control character but tab and newline (openpyxl refuses the cell): drop them.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def header(w: Words, table: Table) -> list[str]:
    return [w.t(f"col_{c}") if w.has(f"col_{c}") else c for c in table.columns]


def sheet_title(w: Words, table: Table) -> str:
    key = f"sheet_{table.name}"
    # Excel allows 31 characters and none of []:*?/\ in a sheet's name.
    title = w.t(key) if w.has(key) else table.name
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or table.name


def workbook(w: Words, tables: Sequence[Table], stem: str) -> File:
    book = Workbook(write_only=True)
    for table in tables:
        sheet = book.create_sheet(sheet_title(w, table))
        sheet.append(header(w, table))
        for row in rows(table):
            sheet.append([xml_safe(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return File(f"{stem}.xlsx", out.getvalue(), XLSX)


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
