"""Cells written from people's text never become spreadsheet formulas (CSV/formula injection).

Text typed by citizens or Open311 clients may start with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return, which Excel and LibreOffice read as the start of a formula (``=HYPERLINK(…)``
sends the sheet's data elsewhere when clicked). In XLSX such a cell is stored as a string with
Excel's quote prefix, so it shows and stays text even when edited; in CSV, which has no types,
it is prefixed with an apostrophe as OWASP recommends.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from reporting.tables import Cell

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: object) -> bool:
    """Whether a spreadsheet would read this text as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_text(value: Cell) -> Cell:
    """The CSV value: formula-like text gets a leading apostrophe."""
    return "'" + value if isinstance(value, str) and looks_like_formula(value) else value


def xlsx_row(sheet: WriteOnlyWorksheet, values: Iterable[Cell]) -> list[object]:
    """Values for ``sheet.append`` where formula-like text is a quoted string cell."""
    row: list[object] = []
    for value in values:
        if looks_like_formula(value):
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
            cell.quotePrefix = True  # Excel keeps it text when the cell is edited
            row.append(cell)
        else:
            row.append(value)
    return row
