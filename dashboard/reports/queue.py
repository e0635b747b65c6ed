"""``/phan-anh``: the report queue, and ``/phan-anh/so-luong``: its live counts (JSON)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from dashboard.auth import actor_of_request, render, require
from dashboard.keys import DATABASE
from dashboard.reports.filters import (
    STATUS_ALL,
    STATUS_OPEN,
    ParsedFilter,
    page_number,
    parse_filter,
)
from dashboard.reports.flash import forget_flash, read_flash
from dashboard.reports.places import current_places, legacy_districts, place_names
from dashboard.reports.work import queue_work_context
from dashboard.security import small_id
from domain.catalogue import (
    CATEGORY_LABELS,
    STATUS_LABELS,
    URGENCY_LABELS,
    channel_label,
    t,
)
from domain.delivery import Channel
from domain.roles import StaffActor, can_view_reports
from domain.sla import VN_TZ
from domain.statuses import ReportStatus
from storage.models import Report
from storage.report_queries import OPEN_STATUSES

PER_PAGE = 50
SNIPPET = 140
# Sortable columns: (column key in the template, ?sort= key of storage.queue_search).
SORTABLE = {
    "code": "ma",
    "urgency": "muc_do",
    "category": "linh_vuc",
    "place": "xa",
    "channel": "kenh",
    "status": "trang_thai",
    "assignee": "don_vi",
    "officer": "nguoi",
    "due": "han",
    "left": "han",
    "created": "ngay",
}


def is_overdue(report: Report, now: datetime) -> bool:
    """Open and past the acceptance deadline (while new) or the resolution deadline."""
    if report.status not in OPEN_STATUSES:
        return False
    late_accept = report.status == ReportStatus.MOI and report.accept_due_at < now
    return late_accept or report.resolve_due_at < now


def due_of(report: Report) -> datetime:
    """The deadline that counts now: acceptance while new, then resolution."""
    return report.accept_due_at if report.status == ReportStatus.MOI else report.resolve_due_at


def time_left(due: datetime, now: datetime) -> tuple[str, bool]:
    """«còn 2 ngày 3 giờ» or «quá hạn 5 giờ 10 phút», and whether the deadline has passed."""
    seconds = (due - now).total_seconds()
    minutes = int(abs(seconds) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days >= 3 or (days and not hours):
        span = t("rq_span_days_only", days=days)
    elif days:
        span = t("rq_span_days", days=days, hours=hours)
    elif hours:
        span = t("rq_span_hours", hours=hours, minutes=minutes)
    else:
        span = t("rq_span_minutes", minutes=minutes)
    late = seconds < 0
    return t("rq_late" if late else "rq_left", span=span), late


def short_datetime(moment: datetime) -> str:
    """Vietnam wall-clock time as 04/11/2026 07:57 (the queue's columns stay narrow)."""
    return moment.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")


def _row(report: Report, now: datetime, names: dict[int, str]) -> dict[str, Any]:
    text = report.text if len(report.text) <= SNIPPET else report.text[:SNIPPET].rstrip() + "…"
    overdue = is_overdue(report, now)
    due = report.resolve_due_at if overdue and report.resolve_due_at < now else due_of(report)
    left, late = time_left(due, now)
    return {
        "code": report.code,
        "text": text,
        "category": CATEGORY_LABELS.get(report.category, report.category),
        "urgency": report.urgency,
        "urgency_label": URGENCY_LABELS.get(report.urgency, report.urgency),
        "channel": channel_label(report.channel),
        "status": report.status,
        "status_label": STATUS_LABELS.get(report.status, report.status),
        "place": report.place_name or place_names().get(report.place_code or "") or "",
        "created": short_datetime(report.created_at),
        "overdue": overdue,
        "assigned_unit": report.assigned_unit,
        "officer": names.get(report.assigned_staff_id or 0, ""),
        "due": short_datetime(due),
        "left": left if report.status in OPEN_STATUSES else "",
        "left_late": late and report.status in OPEN_STATUSES,
    }


def _visible_places(actor: StaffActor) -> list[dict[str, str]]:
    visible = actor.place_codes
    return [
        {"code": p.code, "name": p.name}
        for p in current_places()
        if visible is None or p.code in visible
    ]


def sort_links(parsed: ParsedFilter) -> dict[str, dict[str, str]]:
    """Per sortable column: the link that sorts by it (again: the other way) and its state."""
    current = parsed.values.get("sort", "")
    links: dict[str, dict[str, str]] = {}
    for column, key in SORTABLE.items():
        state = "up" if current == key else "down" if current == f"-{key}" else ""
        target = f"-{key}" if state == "up" else key
        query = parsed.query_string(sort=target, trang="")
        links[column] = {"href": f"/phan-anh?{query}", "state": state}
    return links


def counts_payload(counts: dict[str, int]) -> dict[str, Any]:
    """Counts per status with the open and overall totals."""
    return {
        "counts": counts,
        "open": sum(n for status, n in counts.items() if status in OPEN_STATUSES),
        "total": sum(counts.values()),
    }


@require(can_view_reports)
async def queue(request: web.Request) -> web.StreamResponse:
    """The filtered, sorted, paginated queue with counts per status."""
    actor = actor_of_request(request)
    parsed = parse_filter(request.query, actor.place_codes, actor.id)
    now = datetime.now(UTC)
    async with request.app[DATABASE].uow() as uow:
        newest = await uow.queue_work.newest_report_id()
        counts = await uow.report_queries.status_counts(parsed.flt, now)
        page = await uow.report_queries.queue_page(
            parsed.flt,
            now,
            page=page_number(request.query.get("trang")),
            per_page=PER_PAGE,
            counts=counts,
        )
        names = await uow.queue_work.staff_names(
            [r.assigned_staff_id for r in page.reports if r.assigned_staff_id]
        )
        officers = await uow.queue_work.assignable()
        # Rendered inside the unit of work: the rows it shows stay loaded only while it is open.
        flash = read_flash(request)
        context = _context(parsed, page, counts, now, actor, flash)
        context.update(
            {
                "rows": [_row(r, now, names) for r in page.reports],
                "counts_url": "/phan-anh/so-luong?"
                + "&".join(q for q in (parsed.query_string(), f"sau={newest}") if q),
                "work": queue_work_context(parsed, actor, officers),
            }
        )
        response = render(request, "reports/queue.html", context)
    forget_flash(request, response)
    return response


def _context(
    parsed: ParsedFilter,
    page: Any,
    counts: dict[str, int],
    now: datetime,
    actor: StaffActor,
    flash: dict[str, str] | None,
) -> dict[str, Any]:
    status_chips = [
        {"value": STATUS_OPEN, "label": t("rq_status_open"), "count_key": "open"},
        {"value": STATUS_ALL, "label": t("rq_status_all"), "count_key": "total"},
    ] + [
        {"value": s.value, "label": STATUS_LABELS[s.value], "count_key": s.value}
        for s in ReportStatus
    ]
    return {
        "sort_links": sort_links(parsed),
        "filtering": any(
            v for k, v in parsed.values.items() if k not in ("trang_thai", "sort", "cua_toi")
        ),
        "page": page,
        "filter": parsed,
        "values": parsed.values,
        "errors": parsed.errors,
        "counts": counts_payload(counts),
        "status_chips": status_chips,
        "categories": CATEGORY_LABELS,
        "urgencies": URGENCY_LABELS,
        "channels": {c.value: channel_label(c.value) for c in Channel},
        "places": _visible_places(actor),
        "districts": [] if actor.place_codes is not None else list(legacy_districts().values()),
        "counts_url": "/phan-anh/so-luong?" + parsed.query_string(),
        "flash": flash,
    }


@require(can_view_reports)
async def counts(request: web.Request) -> web.StreamResponse:
    """JSON counts per status for the current filter (polled by the queue page)."""
    actor = actor_of_request(request)
    parsed = parse_filter(request.query, actor.place_codes, actor.id)
    since = small_id(request.query.get("sau"))
    now = datetime.now(UTC)
    async with request.app[DATABASE].uow() as uow:
        result = await uow.report_queries.status_counts(parsed.flt, now)
        arrived = (
            await uow.queue_work.arrived_since(parsed.flt, now, since) if since is not None else 0
        )
    payload = counts_payload(result)
    payload["new"] = arrived
    response = web.json_response(payload)
    response.headers["Cache-Control"] = "no-store"
    return response
