"""``/thong-ke/bao-cao``: stored periodic reports, downloads, and generating one now.

An officer limited to some wards generates, lists and downloads only reports of their own wards
(a stored report's scope must lie within theirs); links carry the report's random public id.
"""

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
from reporting.periodic import generate, scope_names
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
from storage.generated_reports import scope_codes, scope_key

log = logging.getLogger(__name__)

BASE = "/thong-ke/bao-cao"
PUBLIC_ID = "{id:[A-Za-z0-9_-]{16,64}}"


def may_see(viewer: frozenset[str] | None, scope: str) -> bool:
    """Whether staff limited to `viewer` (None: everywhere) may open a report of `scope`."""
    if viewer is None:
        return True
    codes = scope_codes(scope)
    return codes is not None and codes <= viewer


@require(can_view_stats)
async def reports_page(request: web.Request) -> web.StreamResponse:
    """The list of stored reports and the form to generate one now."""
    return await _page(request)


async def _page(request: web.Request, error: str = "", status: int = 200) -> web.Response:
    viewer = actor_of_request(request).place_codes
    async with request.app[DATABASE].uow() as uow:
        stored = await uow.generated_reports.listing()
    done_id = request.query.get("lap", "")
    items: list[dict[str, Any]] = []
    message = ""
    for report in stored:
        if not may_see(viewer, report.scope):
            continue
        start = local_day(report.period_start)
        items.append(
            {
                "id": report.public_id,
                "kind": kind_label(report.kind),
                "period": period_heading(report.kind, start),
                "scope": scope_names(scope_codes(report.scope)) or t("stats_reports_all_areas"),
                "created": format_datetime(report.created_at),
            }
        )
        if done_id and done_id == report.public_id:
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
    viewer = actor_of_request(request).place_codes
    async with request.app[DATABASE].uow() as uow:
        report = await uow.generated_reports.by_public_id(request.match_info["id"])
    if report is None or not may_see(viewer, report.scope):
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
    scope = actor.place_codes
    generated = await generate(db, kind, start, replace=True, place_codes=scope)
    async with db.uow() as uow:
        await uow.audit.record(
            actor.username,
            "stats_generate",
            f"{kind}:{start.isoformat()}",
            {
                "report_id": generated.report_id,
                "created": generated.created,
                "scope": scope_key(scope),
            },
            actor.ip,
        )
        await uow.commit()
    # Only province-wide reports are the leadership's; a ward report stays with its officer.
    if generated.created and generated.figures is not None and scope is None:
        await notify_leadership(
            request.app[DELIVERY],
            request.app.get(LEADERSHIP_CHAT_ID),
            kind,
            start,
            generated.figures,
        )
    raise web.HTTPSeeOther(f"{BASE}?lap={generated.public_id}")


def setup(app: web.Application) -> None:
    """Register the periodic report routes."""
    app.router.add_get(BASE, reports_page)
    app.router.add_post(BASE, generate_now)
    app.router.add_get(f"{BASE}/{PUBLIC_ID}.xlsx", download_xlsx)
    app.router.add_get(f"{BASE}/{PUBLIC_ID}.html", download_html)
