"""``/thong-ke/bao-cao``: stored periodic reports, downloads, and generating one now."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from aiohttp import web

from dashboard.auth.access import actor_of_request, require
from dashboard.auth.render import render
from dashboard.keys import DATABASE, DELIVERY, LEADERSHIP_CHAT_ID
from dashboard.stats.downloads import XLSX_TYPE, attachment
from domain.catalogue import format_datetime, t
from domain.roles import can_view_stats
from reporting.jobs import notify_leadership
from reporting.periodic import generate
from reporting.periods import (
    KINDS,
    kind_label,
    local_day,
    local_today,
    period_heading,
    period_values,
    previous_period,
    valid_start,
)

log = logging.getLogger(__name__)

BASE = "/thong-ke/bao-cao"


@require(can_view_stats)
async def reports_page(request: web.Request) -> web.StreamResponse:
    """The list of stored reports and the form to generate one now."""
    return await _page(request)


async def _page(request: web.Request, error: str = "", status: int = 200) -> web.Response:
    async with request.app[DATABASE].uow() as uow:
        stored = await uow.generated_reports.listing()
    done_id = request.query.get("lap", "")
    items: list[dict[str, Any]] = []
    message = ""
    for report in stored:
        start = local_day(report.period_start)
        items.append(
            {
                "id": report.id,
                "kind": kind_label(report.kind),
                "period": period_heading(report.kind, start),
                "created": format_datetime(report.created_at),
            }
        )
        if done_id == str(report.id):
            message = t("stats_generate_done", **period_values(report.kind, start))
    return render(request, "stats_reports.html", _context(items, message, error), status=status)


def _context(items: list[dict[str, Any]], message: str, error: str) -> dict[str, Any]:
    return {
        "title": t("stats_reports_title"),
        "items": items,
        "message": message,
        "error": error,
        "kinds": [(kind, kind_label(kind)) for kind in KINDS],
        "default_start": previous_period("weekly", local_today()).isoformat(),
    }


async def _download(request: web.Request, what: str) -> web.StreamResponse:
    try:
        report_id = int(request.match_info["id"])
    except ValueError:
        raise web.HTTPNotFound(text=t("stats_report_not_found")) from None
    async with request.app[DATABASE].uow() as uow:
        report = await uow.generated_reports.get(report_id)
    if report is None:
        raise web.HTTPNotFound(text=t("stats_report_not_found"))
    if what == "html":
        return web.Response(
            text=report.html, content_type="text/html", headers={"Cache-Control": "no-store"}
        )
    name = f"bao-cao-{report.kind}-{local_day(report.period_start):%Y%m%d}.xlsx"
    return web.Response(body=report.xlsx, content_type=XLSX_TYPE, headers=attachment(name))


@require(can_view_stats)
async def download_xlsx(request: web.Request) -> web.StreamResponse:
    """The stored XLSX file."""
    return await _download(request, "xlsx")


@require(can_view_stats)
async def download_html(request: web.Request) -> web.StreamResponse:
    """The stored printable page."""
    return await _download(request, "html")


@require(can_view_stats)
async def generate_now(request: web.Request) -> web.StreamResponse:
    """Generate (or regenerate) the report of a chosen period; CSRF is checked by middleware."""
    actor = actor_of_request(request)
    form = await request.post()
    kind, raw_start = str(form.get("kind", "")), str(form.get("start", ""))
    if kind not in KINDS:
        log.info("stats: bad report kind %r from %s", kind, actor.username)
        return await _page(request, t("stats_generate_bad_kind"), 400)
    try:
        start: date | None = date.fromisoformat(raw_start)
    except ValueError:
        start = None
    if start is None or not valid_start(kind, start, local_today()):
        log.info("stats: bad period start %r (%s) from %s", raw_start, kind, actor.username)
        return await _page(request, t("stats_generate_bad_start"), 400)
    db = request.app[DATABASE]
    generated = await generate(db, kind, start, replace=True)
    async with db.uow() as uow:
        await uow.audit.record(
            actor.username,
            "stats_generate",
            f"{kind}:{start.isoformat()}",
            {"report_id": generated.report_id, "created": generated.created},
            actor.ip,
        )
        await uow.commit()
    if generated.created and generated.figures is not None:
        await notify_leadership(
            request.app[DELIVERY],
            request.app.get(LEADERSHIP_CHAT_ID),
            kind,
            start,
            generated.figures,
        )
    raise web.HTTPSeeOther(f"{BASE}?lap={generated.report_id}")


def setup(app: web.Application) -> None:
    """Register the periodic report routes."""
    app.router.add_get(BASE, reports_page)
    app.router.add_post(BASE, generate_now)
    app.router.add_get(BASE + "/{id}.xlsx", download_xlsx)
    app.router.add_get(BASE + "/{id}.html", download_html)
