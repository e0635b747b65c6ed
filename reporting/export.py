"""CSV and XLSX writing; the XLSX work runs in a worker thread (``fill_list`` does so).

Exports never contain a citizen's identity or a phone number; phone numbers typed into the
report text are masked. Lists without text (``with_text=False``: for roles that may not read
reports, and the periodic reports) also leave out the address the citizen typed. Text that a
spreadsheet would read as a formula is written as text (``reporting.cells``). XLSX uses
openpyxl's write-only mode so rows go to disk as they come.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
import tempfile
from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from domain import privacy
from domain.catalogue import category_label, status_label, t, urgency_label
from domain.sla import VN_TZ
from reporting import tables
from reporting.cells import csv_text, set_widths, xlsx_row
from reporting.figures import Figures
from reporting.places import district_of
from reporting.tables import Cell, Table, district_label, place_label
from reporting.values import Measure
from storage.stats_queries import ExportRow

if TYPE_CHECKING:  # openpyxl is imported by the functions that write, not at start-up
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

BOM = "\ufeff"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def mask_phones(text: str) -> str:
    """The text with every phone number (every common Vietnamese format) replaced by a marker."""
    return privacy.mask_phones(text, t("stats_redacted"))


# Columns of people's own words (and the address they typed), left out of lists without text.
TEXT_COLUMNS = frozenset({"place_text", "text"})


def _list_keys(with_text: bool) -> list[str]:
    keys = [
        "code",
        "created",
        "category",
        "urgency",
        "status",
        "place",
        "district",
        "place_text",
        "text",
        "anonymous",
        "accept_due",
        "resolve_due",
        "accepted",
        "resolved",
        "unit",
        "rating",
        "fixed",
    ]
    return keys if with_text else [key for key in keys if key not in TEXT_COLUMNS]


def list_header(*, with_text: bool = True) -> list[str]:
    """Columns of the report list."""
    return [t(f"stats_col_{key}") for key in _list_keys(with_text)]


def _local(moment: datetime | None) -> datetime | None:
    """Vietnam wall-clock time without offset (Excel has no time zones)."""
    return None if moment is None else moment.astimezone(VN_TZ).replace(tzinfo=None)


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else t("stats_yes") if value else t("stats_no")


def list_row(r: ExportRow, *, with_text: bool = True) -> list[Cell]:
    """One report as a list of cells, in `list_header` order."""
    if not with_text:
        return [
            value
            for key, value in zip(_list_keys(True), list_row(r), strict=True)
            if key not in TEXT_COLUMNS
        ]
    return [
        r.code,
        _local(r.created_at),
        category_label(r.category),
        urgency_label(r.urgency),
        status_label(r.status),
        r.place_name or place_label(r.place_code),
        district_label(district_of(r.place_code)),
        r.place_text,
        mask_phones(r.text),
        _yes_no(r.anonymous),
        _local(r.accept_due_at),
        _local(r.resolve_due_at),
        _local(r.accepted_at),
        _local(r.resolved_at),
        r.assigned_unit,
        r.rating,
        _yes_no(r.fixed_confirmed),
    ]


def _csv_cell(value: Cell) -> Cell:
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Measure):
        return str(value)
    return csv_text(value)


def csv_chunk(rows: Iterable[Sequence[Cell]], *, bom: bool = False) -> bytes:
    """Rows as CSV bytes (UTF-8, with the byte order mark Excel needs when `bom`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ((BOM if bom else "") + buffer.getvalue()).encode("utf-8")


def tables_csv(tables: list[Table]) -> bytes:
    """Several tables in one CSV, each under its title and separated by an empty line."""
    rows: list[Sequence[Cell]] = []
    for table in tables:
        rows += [[table.title], list(table.header), *table.rows, []]
    return csv_chunk(rows, bom=True)


def sheet_title(text: str) -> str:
    """A valid Excel sheet name (31 characters, no []:*?/\\)."""
    return _SHEET_BAD.sub(" ", text)[:31]


def _with_details(table: Table) -> tuple[list[str], list[list[Cell]]]:
    """Header and rows with a detail column when a value says what it counts ("3/5 phản ánh")."""
    if not any(isinstance(c, Measure) and c.detail for row in table.rows for c in row):
        return list(table.header), table.rows
    rows: list[list[Cell]] = []
    for row in table.rows:
        details = [c.detail for c in row if isinstance(c, Measure) and c.detail]
        rows.append([*row, "; ".join(details) or None])
    return [*table.header, t("stats_col_detail")], rows


def _filter_range(columns: int, header_row: int, last_row: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"A{header_row}:{get_column_letter(max(columns, 1))}{max(last_row, header_row)}"


class XlsxBuilder:
    """A write-only workbook: summary sheets with native charts, then a streamed list.

    Every sheet has its header row frozen, an auto-filter over the table and column widths
    taken from the content.
    """

    def __init__(self) -> None:
        from openpyxl import Workbook

        self.workbook = Workbook(write_only=True)
        self._list: WriteOnlyWorksheet | None = None
        self._with_text = True
        self._list_rows = 0
        self._list_columns = 0

    def add_table(self, table: Table, chart: str | None = None, title: str | None = None) -> None:
        """A sheet holding `table`; `chart` "bar" or "line" plots the last column."""
        sheet = self.workbook.create_sheet(sheet_title(title or table.title))
        header, rows = _with_details(table)
        set_widths(sheet, [header, *rows])
        sheet.freeze_panes = "A3"  # title row 1, header row 2
        sheet.append(xlsx_row(sheet, [table.title]))
        sheet.append(xlsx_row(sheet, header))
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
        sheet.auto_filter.ref = _filter_range(len(header), 2, 2 + len(rows))
        if chart and table.rows:
            self._chart(sheet, table, chart)

    def _chart(self, sheet: WriteOnlyWorksheet, table: Table, kind: str) -> None:
        from openpyxl.chart import BarChart, LineChart, Reference
        from openpyxl.utils import get_column_letter

        first, last = 3, 2 + len(table.rows)  # data rows (title row 1, header row 2)
        value_col = len(table.header)
        plot = LineChart() if kind == "line" else BarChart()
        if isinstance(plot, BarChart):
            plot.type = "bar"
        plot.title = table.title
        plot.legend = None
        plot.height, plot.width = 9, 18
        plot.add_data(
            Reference(sheet, min_col=value_col, min_row=2, max_row=last), titles_from_data=True
        )
        plot.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
        sheet.add_chart(plot, f"{get_column_letter(value_col + 2)}3")

    def start_list(
        self,
        title: str | None = None,
        *,
        with_text: bool = True,
        sample: Sequence[ExportRow] = (),
    ) -> None:
        """Open the list sheet and write its header; `sample` (the first rows) sizes the columns."""
        self._list = self.workbook.create_sheet(sheet_title(title or t("stats_sheet_list")))
        self._with_text = with_text
        header = list_header(with_text=with_text)
        self._list_columns = len(header)
        set_widths(self._list, [header, *(list_row(r, with_text=with_text) for r in sample)])
        self._list.freeze_panes = "A2"
        self._list.append(header)
        self._list.auto_filter.ref = _filter_range(self._list_columns, 1, 1)

    def append_list(self, rows: Iterable[ExportRow]) -> None:
        """Append reports to the list sheet (kept on disk by openpyxl, not in memory)."""
        assert self._list is not None, "start_list first"
        sheet = self._list
        for row in rows:
            sheet.append(xlsx_row(sheet, list_row(row, with_text=self._with_text)))
            self._list_rows += 1
        sheet.auto_filter.ref = _filter_range(self._list_columns, 1, 1 + self._list_rows)

    def note(self, text: str) -> None:
        """A line under the list (e.g. that it was cut short), outside its filter."""
        assert self._list is not None, "start_list first"
        self._list.append([text])

    def save(self, path: Path) -> None:
        """Write the file; the builder cannot be used afterwards."""
        self.workbook.save(path)

    def to_bytes(self) -> bytes:
        """The file's bytes (for stored reports, which are small)."""
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


def summary_workbook(fig: Figures) -> XlsxBuilder:
    """Summary sheets, each chartable one with a native Excel chart."""
    book = XlsxBuilder()
    book.add_table(tables.summary_table(fig), title=t("stats_sheet_summary"))
    book.add_table(tables.category_table(fig), "bar", t("stats_sheet_categories"))
    book.add_table(tables.weekly_table(fig), "line", t("stats_sheet_weekly"))
    book.add_table(tables.place_table(fig), "bar", t("stats_sheet_places"))
    book.add_table(tables.district_table(fig), "bar", t("stats_sheet_districts"))
    book.add_table(tables.channel_table(fig), "bar", t("stats_sheet_channels"))
    book.add_table(tables.detail_table(fig), title=t("stats_sheet_detail"))
    return book


async def fill_list(
    book: XlsxBuilder, batches: AsyncIterator[list[ExportRow]], *, with_text: bool = True
) -> int:
    """Open the list sheet and append every batch (in a worker thread); rows written.

    The first batch sizes the columns (write-only sheets take widths before any row)."""
    written = 0
    async for rows in batches:
        if not written:
            book.start_list(with_text=with_text, sample=rows)
        await asyncio.to_thread(book.append_list, rows)
        written += len(rows)
    if not written:
        book.start_list(with_text=with_text)
    return written


async def list_workbook_bytes(
    batches: AsyncIterator[list[ExportRow]], *, with_text: bool, limit: int
) -> bytes:
    """The report list as an XLSX file's bytes, written row by row through a temporary file;
    a note under the rows says so when ``limit`` rows were reached."""
    book = XlsxBuilder()
    written = await fill_list(book, batches, with_text=with_text)
    if written >= limit:
        book.note(t("stats_export_truncated", limit=limit))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.xlsx"
        await asyncio.to_thread(book.save, path)
        return await asyncio.to_thread(path.read_bytes)
