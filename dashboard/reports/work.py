"""The queue's daily work: «Việc của tôi», bulk changes, the filter exported, the map link.

Routes::

    POST /phan-anh/hang-loat     one change for the selected reports (CSRF-protected form)
    GET  /phan-anh/xuat.csv      the queue's current filter as CSV, in the queue's order
    GET  /phan-anh/xuat.xlsx     the same as XLSX
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from dashboard.auth import actor_of_request, require
from dashboard.keys import DATABASE, STAFF_ACTIONS
from dashboard.reports.filters import ParsedFilter, parse_filter
from dashboard.reports.flash import set_flash
from dashboard.security import small_id
from dashboard.stats.downloads import XLSX_TYPE, attachment
from domain.catalogue import STATUS_LABELS, t
from domain.roles import StaffActor, can_triage, can_view_reports
from domain.statuses import ReportStatus
from domain.tracking import parse_tracking_code
from handlers.staff.action_core import ActionError
from handlers.staff.bulk import (
    BULK_ACCEPT,
    BULK_ASSIGN,
    BULK_STATUS,
    MAX_BULK,
    BulkOutcome,
    run_bulk,
)
from reporting.export import csv_chunk, list_header, list_row, list_workbook_bytes
from storage.queue_work import Officer

log = logging.getLogger(__name__)

EXPORT_LIMIT = 20_000  # rows of one queue export; the statistics exports hold more
BULK_STATUSES = tuple(
    s for s in ReportStatus if s not in (ReportStatus.MOI, ReportStatus.TRUNG_LAP)
)
MAX_SKIPPED_SHOWN = 10


def queue_work_context(
    parsed: ParsedFilter, actor: StaffActor, officers: list[Officer]
) -> dict[str, Any]:
    """Tabs («Tất cả» / «Việc của tôi»), map and export links, the bulk form's choices."""
    query = parsed.query_string(trang="")
    return {
        "mine": bool(parsed.values.get("cua_toi")),
        "all_href": "/phan-anh?" + parsed.query_string(cua_toi="", trang=""),
        "mine_href": "/phan-anh?" + parsed.query_string(cua_toi="1", trang=""),
        "map_href": "/phan-anh/ban-do" + (f"?{query}" if query else ""),
        "csv_href": "/phan-anh/xuat.csv" + (f"?{query}" if query else ""),
        "xlsx_href": "/phan-anh/xuat.xlsx" + (f"?{query}" if query else ""),
        "back": "/phan-anh" + (f"?{parsed.query_string()}" if parsed.query_string() else ""),
        "can_bulk": can_triage(actor.role),
        "bulk_statuses": [
            {"value": s.value, "label": STATUS_LABELS[s.value]} for s in BULK_STATUSES
        ],
        "officers": officers,
        "max_bulk": MAX_BULK,
    }


def _text(value: object) -> str:
    return value.strip()[:4000] if isinstance(value, str) else ""


def _back(raw: str) -> str:
    """Only a queue URL of this site (never an open redirect)."""
    if raw == "/phan-anh" or raw.startswith("/phan-anh?"):
        return raw
    return "/phan-anh"


def bulk_message(outcome: BulkOutcome) -> tuple[str, str]:
    """The flash after a bulk change: how many changed, which were skipped and why."""
    parts = [t("rq_bulk_done", n=len(outcome.done))]
    if outcome.skipped:
        shown = outcome.skipped[:MAX_SKIPPED_SHOWN]
        parts.append(
            t(
                "rq_bulk_skipped",
                n=len(outcome.skipped),
                list="; ".join(f"{code}: {reason}" for code, reason in shown),
            )
        )
        if len(outcome.skipped) > MAX_SKIPPED_SHOWN:
            parts.append(t("rq_bulk_more", n=len(outcome.skipped) - MAX_SKIPPED_SHOWN))
    if outcome.not_notified:
        parts.append(t("rq_bulk_not_notified", list=", ".join(outcome.not_notified)))
    kind = "error" if outcome.skipped and not outcome.done else "ok"
    return kind, " ".join(parts)


@require(can_triage)
async def bulk(request: web.Request) -> web.StreamResponse:
    """Accept, change the status of, or assign an officer to every selected report."""
    actor = actor_of_request(request)
    form = await request.post()
    back = _back(_text(form.get("back")))
    codes = [
        code
        for raw in form.getall("ma", [])
        if isinstance(raw, str) and (code := parse_tracking_code(raw))
    ]
    operation = _text(form.get("thao_tac"))
    note = _text(form.get("public_note")) or None
    status: ReportStatus | None = None
    staff_id: int | None = None
    kind, text = "error", ""
    if not codes:
        text = t("rq_bulk_none")
    elif len(codes) > MAX_BULK:
        text = t("rq_bulk_too_many", n=MAX_BULK)
    else:
        try:
            if operation == BULK_STATUS:
                status = ReportStatus(_text(form.get("status")))
            if operation == BULK_ASSIGN:
                staff_id = small_id(_text(form.get("staff_id")))
                if staff_id is None:
                    raise ValueError("no officer")
        except ValueError:
            text = t("rq_bulk_bad")
        else:
            try:
                outcome = await run_bulk(
                    request.app[STAFF_ACTIONS],
                    actor,
                    codes,
                    operation,
                    status=status,
                    staff_id=staff_id,
                    note=note if operation in (BULK_ACCEPT, BULK_STATUS) else None,
                )
            except ActionError as exc:
                text = str(exc)
            else:
                kind, text = bulk_message(outcome)
                log.info(
                    "bulk %s by %s: %d done, %d skipped",
                    operation,
                    actor.username,
                    len(outcome.done),
                    len(outcome.skipped),
                )
    redirect = web.HTTPSeeOther(back)
    set_flash(redirect, kind, text)
    raise redirect


def _with_text(actor: StaffActor) -> bool:
    return actor.can(can_view_reports)


def _export_name(ext: str) -> str:
    return f"hang-doi-{datetime.now(UTC):%Y%m%d-%H%M}.{ext}"


@require(can_view_reports)
async def export_csv(request: web.Request) -> web.StreamResponse:
    """The queue's reports for the current filter (not only this page) as CSV."""
    actor = actor_of_request(request)
    parsed = parse_filter(request.query, actor.place_codes, actor.id)
    now = datetime.now(UTC)
    response = web.StreamResponse(
        headers={"Content-Type": "text/csv; charset=utf-8", **attachment(_export_name("csv"))}
    )
    await response.prepare(request)
    await response.write(csv_chunk([list_header(with_text=_with_text(actor))], bom=True))
    async with request.app[DATABASE].uow() as uow:
        async for rows in uow.queue_work.export_batches(parsed.flt, now, limit=EXPORT_LIMIT):
            await response.write(csv_chunk(list_row(r, with_text=_with_text(actor)) for r in rows))
    await response.write_eof()
    return response


@require(can_view_reports)
async def export_xlsx(request: web.Request) -> web.StreamResponse:
    """The queue's reports for the current filter as XLSX (frozen header, filters)."""
    actor = actor_of_request(request)
    parsed = parse_filter(request.query, actor.place_codes, actor.id)
    async with request.app[DATABASE].uow() as uow:
        batches = uow.queue_work.export_batches(parsed.flt, datetime.now(UTC), limit=EXPORT_LIMIT)
        body = await list_workbook_bytes(batches, with_text=_with_text(actor), limit=EXPORT_LIMIT)
    return web.Response(body=body, content_type=XLSX_TYPE, headers=attachment(_export_name("xlsx")))


def setup(app: web.Application) -> None:
    """Register the queue-work routes (before the report code pattern)."""
    app.router.add_post("/phan-anh/hang-loat", bulk)
    app.router.add_get("/phan-anh/xuat.csv", export_csv)
    app.router.add_get("/phan-anh/xuat.xlsx", export_xlsx)
