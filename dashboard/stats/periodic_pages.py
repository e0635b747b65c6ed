"""``/thong-ke/bao-cao``: stored periodic reports, downloads, and generating one now."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from typing import Any

from aiohttp import web

from dashboard.auth.access import actor_of_request, require
from dashboard.auth.render import render
from dashboard.keys import LEADERSHIP_CHAT_ID, SENDER, SESSIONS
from domain.catalogue import format_datetime, t
from domain.roles import can_view_stats
from domain.sla import VN_TZ
from reporting.jobs import notify_leadership
from reporting.periodic import KINDS, generate, kind_label, previous_period, valid_start
from reporting.tables import day
from storage.audit import record_audit
from storage.stats_queries import GeneratedReports
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BASE = "/thong-ke/bao-cao"


def _today() -> date:
    return datetime.now(UTC).astimezone(VN_TZ).date()


def _local_day(moment: datetime) -> date:
    return moment.astimezone(VN_TZ).date()


def _period_text(kind: str, start: datetime, end: datetime) -> str:
    first, last = _local_day(start), _local_day(end) - timedelta(days=1)
    return t("stats_report_heading", kind=kind_label(kind), start=day(first), end=day(last))


@require(can_view_stats)
async def reports_page(request: web.Request) -> web.StreamResponse:
    """The list of stored reports and the form to generate one now."""
    return await _page(request)


async def _page(request: web.Request, error: str = "", status: int = 200) -> web.Response:
    async with request.app[SESSIONS]() as session:
        rows = await GeneratedReports(session).listing()
    done_id = request.query.get("lap", "")
    items: list[dict[str, Any]] = []
    message = ""
    for report_id, kind, start, end, created in rows:
        items.append(
            {
                "id": report_id,
                "kind": kind_label(kind),
                "period": _period_text(kind, start, end),
                "created": format_datetime(created),
            }
        )
        if done_id == str(report_id):
            message = t(
                "stats_generate_done",
                kind=kind_label(kind),
                start=day(_local_day(start)),
                end=day(_local_day(end) - timedelta(days=1)),
            )
    return render(request, "stats_reports.html", _context(items, message, error), status=status)


def _context(items: list[dict[str, Any]], message: str, error: str) -> dict[str, Any]:
    today = _today()
    return {
        "title": t("stats_reports_title"),
        "items": items,
        "message": message,
        "error": error,
        "kinds": [(kind, kind_label(kind)) for kind in KINDS],
        "default_start": previous_period("weekly", today).isoformat(),
    }


async def _download(request: web.Request, what: str) -> web.StreamResponse:
    try:
        report_id = int(request.match_info["id"])
    except ValueError:
        raise web.HTTPNotFound(text=t("stats_report_not_found")) from None
    async with request.app[SESSIONS]() as session:
        report = await GeneratedReports(session).get(report_id)
    if report is None:
        raise web.HTTPNotFound(text=t("stats_report_not_found"))
    name = f"bao-cao-{report.kind}-{_local_day(report.period_start):%Y%m%d}"
    if what == "html":
        return web.Response(
            text=report.html, content_type="text/html", headers={"Cache-Control": "no-store"}
        )
    return web.Response(
        body=report.xlsx,
        content_type=XLSX_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{name}.xlsx"',
            "Cache-Control": "no-store",
        },
    )


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
        start = date.fromisoformat(raw_start)
    except ValueError:
        start = None
    if start is None or not valid_start(kind, start, _today()):
        log.info("stats: bad period start %r (%s) from %s", raw_start, kind, actor.username)
        return await _page(request, t("stats_generate_bad_start"), 400)
    sessions = request.app[SESSIONS]
    outcome = await generate(sessions, kind, start, replace=True)
    async with UnitOfWork(sessions) as uow:
        await record_audit(
            uow,
            actor.username,
            "stats_generate",
            f"{kind}:{start.isoformat()}",
            {"report_id": outcome.report_id, "created": outcome.created},
            actor.ip,
        )
        await uow.commit()
    if outcome.created and outcome.figures is not None:
        await notify_leadership(
            request.app[SENDER], request.app.get(LEADERSHIP_CHAT_ID), kind, start, outcome.figures
        )
    raise web.HTTPSeeOther(f"{BASE}?lap={outcome.report_id}")


def setup(app: web.Application) -> None:
    """Register the periodic report routes."""
    app.router.add_get(BASE, reports_page)
    app.router.add_post(BASE, generate_now)
    app.router.add_get(BASE + "/{id}.xlsx", download_xlsx)
    app.router.add_get(BASE + "/{id}.html", download_html)
