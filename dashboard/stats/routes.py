"""``/thong-ke``: figures with inline SVG charts, and CSV/XLSX exports of the same filter."""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from dashboard.auth.access import actor_of_request, require
from dashboard.auth.render import render
from dashboard.keys import SESSIONS
from dashboard.stats import periodic_pages as stats_reports
from dashboard.stats.filters import FilterForm, parse_filter
from domain.catalogue import t
from domain.roles import can_view_stats
from domain.sla import VN_TZ
from reporting.export import XlsxBuilder, csv_chunk, list_header, list_row, tables_csv
from reporting.figures import Figures, load
from reporting.periodic import charts_for, summary_workbook
from reporting.places import place_name
from reporting.tables import all_tables, day
from storage.stats_queries import StatsFilter, export_batches

log = logging.getLogger(__name__)

EXPORT_LIMIT = 200_000  # rows of one list export; the filter narrows larger sets


def _filter(request: web.Request) -> tuple[StatsFilter, FilterForm, frozenset[str] | None]:
    scope = actor_of_request(request).place_codes
    today = datetime.now(UTC).astimezone(VN_TZ).date()
    filt, form = parse_filter(request.query, scope, today)
    return filt, form, scope


def _export_name(form: FilterForm, what: str, ext: str) -> str:
    return f"thong-ke-{what}-{form.start:%Y%m%d}-{form.end:%Y%m%d}.{ext}"


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}


@require(can_view_stats)
async def stats_page(request: web.Request) -> web.StreamResponse:
    """The figures for the filter, with charts rendered on the server."""
    filt, form, scope = _filter(request)
    fig = await load(request.app[SESSIONS], filt)
    charts = await asyncio.to_thread(charts_for, fig)
    scope_names = sorted(place_name(c) or c for c in scope) if scope is not None else []
    return render(request, "stats.html", _context(fig, form, charts, scope_names, request.query))


def _context(
    fig: Figures,
    form: FilterForm,
    charts: Mapping[str, str],
    scope_names: list[str],
    query: Mapping[str, str],
) -> dict[str, Any]:
    tables = all_tables(fig)
    params = {
        "tu": form.start.isoformat(),
        "den": form.end.isoformat(),
        "linh_vuc": form.category,
        "dia_ban": form.area,
    }
    return {
        "title": t("stats_title"),
        "form": form,
        "fig": fig,
        "period": t("stats_period", start=day(form.start), end=day(form.end)),
        "summary": tables[0],
        "tables": tables[1:-1],
        "charts": charts,
        "scope": t("stats_scope_limited", places=", ".join(scope_names)) if scope_names else "",
        "export_query": urlencode({k: v for k, v in params.items() if v}),
    }


@require(can_view_stats)
async def export_list_csv(request: web.Request) -> web.StreamResponse:
    """The filtered report list as CSV (UTF-8 with BOM), streamed batch by batch."""
    filt, form, _ = _filter(request)
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            **_attachment(_export_name(form, "danh-sach", "csv")),
        }
    )
    await response.prepare(request)
    await response.write(csv_chunk([list_header()], bom=True))
    async with request.app[SESSIONS]() as session:
        async for rows in export_batches(session, filt, limit=EXPORT_LIMIT):
            await response.write(csv_chunk(list_row(r) for r in rows))
    await response.write_eof()
    return response


@require(can_view_stats)
async def export_list_xlsx(request: web.Request) -> web.StreamResponse:
    """The filtered report list as XLSX, written row by row to a temporary file."""
    filt, form, _ = _filter(request)
    book = XlsxBuilder()
    book.start_list()
    written = 0
    async with request.app[SESSIONS]() as session:
        async for rows in export_batches(session, filt, limit=EXPORT_LIMIT):
            await asyncio.to_thread(book.append_list, rows)
            written += len(rows)
    if written >= EXPORT_LIMIT:
        book.note(t("stats_export_truncated", limit=EXPORT_LIMIT))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.xlsx"
        await asyncio.to_thread(book.save, path)
        body = await asyncio.to_thread(path.read_bytes)
    return web.Response(
        body=body,
        content_type=stats_reports.XLSX_TYPE,
        headers=_attachment(_export_name(form, "danh-sach", "xlsx")),
    )


@require(can_view_stats)
async def export_summary_csv(request: web.Request) -> web.StreamResponse:
    """Every summary table of the filter in one CSV."""
    filt, form, _ = _filter(request)
    fig = await load(request.app[SESSIONS], filt)
    return web.Response(
        body=tables_csv(all_tables(fig)),
        content_type="text/csv",
        charset="utf-8",
        headers=_attachment(_export_name(form, "tong-hop", "csv")),
    )


@require(can_view_stats)
async def export_summary_xlsx(request: web.Request) -> web.StreamResponse:
    """The summary tables as XLSX with native charts."""
    filt, form, _ = _filter(request)
    fig = await load(request.app[SESSIONS], filt)
    body = await asyncio.to_thread(lambda: summary_workbook(fig).to_bytes())
    return web.Response(
        body=body,
        content_type=stats_reports.XLSX_TYPE,
        headers=_attachment(_export_name(form, "tong-hop", "xlsx")),
    )


def setup(app: web.Application) -> None:
    """Register the statistics routes."""
    app.router.add_get("/thong-ke", stats_page)
    app.router.add_get("/thong-ke/xuat/danh-sach.csv", export_list_csv)
    app.router.add_get("/thong-ke/xuat/danh-sach.xlsx", export_list_xlsx)
    app.router.add_get("/thong-ke/xuat/tong-hop.csv", export_summary_csv)
    app.router.add_get("/thong-ke/xuat/tong-hop.xlsx", export_summary_xlsx)
    stats_reports.setup(app)
