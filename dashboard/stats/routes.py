"""``/thong-ke``: figures with inline SVG charts, and CSV/XLSX exports of the same filter."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from dashboard.auth.access import actor_of_request, require
from dashboard.auth.render import render
from dashboard.keys import DATABASE
from dashboard.stats.downloads import XLSX_TYPE, attachment
from dashboard.stats.filters import FilterForm, parse_filter
from domain.catalogue import t
from domain.roles import can_view_reports, can_view_stats
from reporting.charts import figure_charts
from reporting.export import (
    csv_chunk,
    list_header,
    list_row,
    list_workbook_bytes,
    summary_workbook,
    tables_csv,
)
from reporting.figures import Figures, load
from reporting.periods import day, local_today
from reporting.places import place_name
from reporting.tables import all_tables, shown_tables
from storage.stats_queries import StatsFilter

EXPORT_LIMIT = 200_000  # rows of one list export; the filter narrows larger sets


def _filter(request: web.Request) -> tuple[StatsFilter, FilterForm, frozenset[str] | None]:
    scope = actor_of_request(request).place_codes
    filt, form = parse_filter(request.query, scope, local_today())
    return filt, form, scope


def _with_text(request: web.Request) -> bool:
    """Report texts and typed addresses only for roles that may read reports (not lanh_dao)."""
    return actor_of_request(request).can(can_view_reports)


def _export_name(form: FilterForm, what: str, ext: str) -> str:
    return f"thong-ke-{what}-{form.start:%Y%m%d}-{form.end:%Y%m%d}.{ext}"


def _file(body: bytes, form: FilterForm, what: str, ext: str) -> web.Response:
    """A whole export file (``csv`` in UTF-8 or ``xlsx``) named after the filter."""
    headers = attachment(_export_name(form, what, ext))
    if ext == "csv":
        return web.Response(body=body, content_type="text/csv", charset="utf-8", headers=headers)
    return web.Response(body=body, content_type=XLSX_TYPE, headers=headers)


@require(can_view_stats)
async def stats_page(request: web.Request) -> web.StreamResponse:
    """The figures for the filter, with charts rendered on the server."""
    filt, form, scope = _filter(request)
    fig = await load(request.app[DATABASE], filt)
    charts = await asyncio.to_thread(figure_charts, fig)
    scope_names = sorted(place_name(c) or c for c in scope) if scope is not None else []
    return render(request, "stats.html", _context(fig, form, charts, scope_names))


def _context(
    fig: Figures, form: FilterForm, charts: Mapping[str, str], scope_names: list[str]
) -> dict[str, Any]:
    summary, *tables = shown_tables(fig)
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
        "summary": summary,
        "tables": tables,
        "charts": charts,
        "scope": t("stats_scope_limited", places=", ".join(scope_names)) if scope_names else "",
        "export_query": urlencode({k: v for k, v in params.items() if v}),
    }


@require(can_view_stats)
async def export_list_csv(request: web.Request) -> web.StreamResponse:
    """The filtered report list as CSV (UTF-8 with BOM), streamed batch by batch."""
    filt, form, _ = _filter(request)
    with_text = _with_text(request)
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            **attachment(_export_name(form, "danh-sach", "csv")),
        }
    )
    await response.prepare(request)
    await response.write(csv_chunk([list_header(with_text=with_text)], bom=True))
    async with request.app[DATABASE].uow() as uow:
        async for rows in uow.stats.export_batches(filt, limit=EXPORT_LIMIT):
            await response.write(csv_chunk(list_row(r, with_text=with_text) for r in rows))
    await response.write_eof()
    return response


@require(can_view_stats)
async def export_list_xlsx(request: web.Request) -> web.StreamResponse:
    """The filtered report list as XLSX, written row by row to a temporary file."""
    filt, form, _ = _filter(request)
    async with request.app[DATABASE].uow() as uow:
        batches = uow.stats.export_batches(filt, limit=EXPORT_LIMIT)
        body = await list_workbook_bytes(batches, with_text=_with_text(request), limit=EXPORT_LIMIT)
    return _file(body, form, "danh-sach", "xlsx")


@require(can_view_stats)
async def export_summary_csv(request: web.Request) -> web.StreamResponse:
    """Every summary table of the filter in one CSV."""
    filt, form, _ = _filter(request)
    fig = await load(request.app[DATABASE], filt)
    return _file(tables_csv(all_tables(fig)), form, "tong-hop", "csv")


@require(can_view_stats)
async def export_summary_xlsx(request: web.Request) -> web.StreamResponse:
    """The summary tables as XLSX with native charts."""
    filt, form, _ = _filter(request)
    fig = await load(request.app[DATABASE], filt)
    body = await asyncio.to_thread(lambda: summary_workbook(fig).to_bytes())
    return _file(body, form, "tong-hop", "xlsx")


def setup(app: web.Application) -> None:
    """Register the figures page and its exports."""
    app.router.add_get("/thong-ke", stats_page)
    app.router.add_get("/thong-ke/xuat/danh-sach.csv", export_list_csv)
    app.router.add_get("/thong-ke/xuat/danh-sach.xlsx", export_list_xlsx)
    app.router.add_get("/thong-ke/xuat/tong-hop.csv", export_summary_csv)
    app.router.add_get("/thong-ke/xuat/tong-hop.xlsx", export_summary_xlsx)
