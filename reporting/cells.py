"""Spreadsheet cells: typed values keep their type, people's text never becomes a formula.

Text typed by citizens or Open311 clients may start with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return, which Excel and LibreOffice read as the start of a formula (``=HYPERLINK(…)``
sends the sheet's data elsewhere when clicked). In XLSX such a cell is stored as a string with
Excel's quote prefix, so it shows and stays text even when edited; in CSV, which has no types,
it is prefixed with an apostrophe as OWASP recommends.

Dates and moments are real date cells in Vietnamese notation (dd/mm/yyyy, with hh:mm for a
moment); shares, hours and means (reporting.values) are numbers with a number format.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from reporting.tables import Cell
from reporting.values import DATE_FORMAT, DATETIME_FORMAT, Measure

if TYPE_CHECKING:  # openpyxl is imported by the functions that write, not at start-up
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MIN_WIDTH = 6
MAX_WIDTH = 60
DATETIME_WIDTH = 17
DATE_WIDTH = 12


def looks_like_formula(value: object) -> bool:
    """Whether a spreadsheet would read this text as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_text(value: Cell) -> Cell:
    """The CSV value: formula-like text gets a leading apostrophe."""
    return "'" + value if isinstance(value, str) and looks_like_formula(value) else value


def xlsx_cell(sheet: WriteOnlyWorksheet, value: Cell) -> object:
    """What ``sheet.append`` should get for `value`: a styled cell or the plain value."""
    from openpyxl.cell import WriteOnlyCell

    if looks_like_formula(value):
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited
        return cell
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, date(value.year, value.month, value.day))
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, Measure):
        cell = WriteOnlyCell(sheet, float(value))
        cell.number_format = value.number_format()
        return cell
    return value


def xlsx_row(sheet: WriteOnlyWorksheet, values: Iterable[Cell]) -> list[object]:
    """Values for ``sheet.append``: typed cells keep their type, formula-like text is text."""
    return [xlsx_cell(sheet, value) for value in values]


def display_width(value: Cell) -> int:
    """About how many characters `value` takes on screen in its cell."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return DATETIME_WIDTH
    if isinstance(value, date):
        return DATE_WIDTH
    if isinstance(value, Measure):
        return len(value.reading()) + 2
    return max((len(line) for line in str(value).splitlines()), default=0)


def set_widths(sheet: WriteOnlyWorksheet, rows: Iterable[Sequence[Cell]]) -> None:
    """Column widths from the content, between MIN_WIDTH and MAX_WIDTH characters.

    In write-only mode the widths must be set before the first row is written, so `rows` is
    the header and what is known of the content (a whole small table, the first batch of a list).
    """
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in rows:
        for index, value in enumerate(row, start=1):
            widths[index] = max(widths.get(index, 0), display_width(value))
    for index, width in widths.items():
        clamped = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))
        sheet.column_dimensions[get_column_letter(index)].width = clamped
