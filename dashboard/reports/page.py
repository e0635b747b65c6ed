"""``/phan-anh/{code}``: one report with its timeline, photos, duplicates and action forms."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

import nlp
from dashboard.auth import actor_of_request, error_page, render, require
from dashboard.keys import DATABASE, STAFF_ACTIONS
from dashboard.reports.flash import forget_flash, read_flash
from dashboard.reports.places import current_places, place_names
from dashboard.reports.queue import is_overdue
from dashboard.reports.requester import requester_of, urgency_reason
from dashboard.reports.timeline import timeline
from dashboard.reports.work_page import report_work
from domain.catalogue import (
    CATEGORY_LABELS,
    STATUS_LABELS,
    URGENCY_LABELS,
    format_datetime,
    t,
)
from domain.roles import StaffActor, can_manage_staff, can_triage, can_view_reports
from domain.sla import VN_TZ
from domain.statuses import TRANSITIONS, ReportStatus
from nlp.duplicates import report_spots
from storage.models import Report
from storage.report_queries import OPEN_STATUSES
from storage.uow import UnitOfWork

UNIT_KEYS = tuple(f"rp_unit_{i}" for i in range(1, 11))
SAFE_IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})
MAX_DUPLICATES = 5


def not_found(request: web.Request) -> web.Response:
    """The same answer for a missing report and one outside the officer's communes."""
    return error_page(request, "rp_not_found_title", "rp_not_found", 404)


def osm_link(lat: float, lon: float) -> str:
    """An OpenStreetMap link centred on the point (no tiles are loaded by the dashboard)."""
    return (
        f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map=17/{lat:.6f}/{lon:.6f}"
    )


def _snapshot(report: Report) -> nlp.ReportSnapshot:
    return nlp.ReportSnapshot(
        report.code, report.text, report.category, report.place_code, report.created_at
    )


async def _duplicates(
    uow: UnitOfWork, report: Report, actor: StaffActor, now: datetime
) -> list[dict[str, Any]]:
    spots = sorted(report_spots(report.text))  # the ward's reports on one street count too
    candidates = await uow.report_queries.duplicate_candidates(
        report, actor.place_codes, now, spots
    )
    # The report a duplicate joined is not «possibly the same»: it is, and the page says so.
    candidates = [c for c in candidates if c.id != report.merged_into_id]
    if not candidates:
        return []
    by_code = {c.code: c for c in candidates}
    found = await asyncio.to_thread(
        nlp.similar_reports,
        _snapshot(report),
        [_snapshot(c) for c in candidates],
        limit=MAX_DUPLICATES,
    )
    this_open = report.status in OPEN_STATUSES and report.merged_into_id is None
    rows = []
    for match in found:
        other = by_code[match.id]
        rows.append(
            {
                "code": other.code,
                "score": round(match.score * 100),
                "text": other.text[:200],
                "status": STATUS_LABELS.get(other.status, other.status),
                "place": other.place_name or "",
                "created": format_datetime(other.created_at),
                "merge_into_this": report.merged_into_id is None,
                "merge_this_into": this_open,
            }
        )
    return rows


def _facts(report: Report, now: datetime) -> dict[str, Any]:
    suggested = report.category_suggested
    return {
        "status_label": STATUS_LABELS.get(report.status, report.status),
        "category_label": CATEGORY_LABELS.get(report.category, report.category),
        "confidence": (
            round(report.category_confidence * 100)
            if report.category_confidence is not None
            else None
        ),
        "suggested_label": (
            CATEGORY_LABELS.get(suggested, suggested)
            if suggested and suggested != report.category
            else None
        ),
        "urgency_label": URGENCY_LABELS.get(report.urgency, report.urgency),
        "current_place": place_names().get(report.place_code or ""),
        "osm": osm_link(report.latitude, report.longitude)
        if report.latitude is not None and report.longitude is not None
        else None,
        "accept_overdue": report.status == ReportStatus.MOI and report.accept_due_at < now,
        "resolve_overdue": is_overdue(report, now) and report.resolve_due_at < now,
        "overdue": is_overdue(report, now),
    }


def _forms(report: Report, actor: StaffActor) -> dict[str, Any]:
    merged = report.merged_into_id is not None  # only «Tách» changes its status
    targets = sorted(TRANSITIONS[ReportStatus(report.status)], key=list(ReportStatus).index)
    if merged:
        targets = []
    visible = actor.place_codes
    tomorrow = (datetime.now(VN_TZ) + timedelta(days=1)).date()
    return {
        "can_triage": can_triage(actor.role),
        "transitions": [{"value": s.value, "label": STATUS_LABELS[s.value]} for s in targets],
        "can_accept": not merged
        and ReportStatus.DA_TIEP_NHAN in TRANSITIONS[ReportStatus(report.status)],
        "merged": merged,
        "can_merge": not merged
        and ReportStatus.TRUNG_LAP in TRANSITIONS[ReportStatus(report.status)],
        "categories": CATEGORY_LABELS,
        "urgencies": URGENCY_LABELS,
        "places": [p for p in current_places() if visible is None or p.code in visible],
        "units": [t(key) for key in UNIT_KEYS],
        "deadline_min": tomorrow.isoformat(),
        "deadline_value": max(report.resolve_due_at.astimezone(VN_TZ).date(), tomorrow).isoformat(),
    }


@require(can_view_reports)
async def report_page(request: web.Request) -> web.StreamResponse:
    """Everything staff need to judge and act on one report."""
    actor = actor_of_request(request)
    code = request.match_info["code"]
    now = datetime.now(UTC)
    async with request.app[DATABASE].uow() as uow:
        queries = uow.report_queries
        report = await queries.visible_report(code, actor.place_codes)
        if report is None:
            return not_found(request)
        events = await uow.reports.events(report.id)
        photos = await queries.photos_of(report.id)
        followers = await queries.merged_into(report.id, actor.place_codes)
        main_code = (
            await queries.report_code(report.merged_into_id) if report.merged_into_id else None
        )
        show_contact = not report.anonymous and can_triage(actor.role)
        name = await queries.citizen_name(report.citizen_id) if show_contact else None
        duplicates = await _duplicates(uow, report, actor, now)
        work = await report_work(uow, report, request.app[STAFF_ACTIONS].mailer is not None)
        work["can_manage_canned"] = can_manage_staff(actor.role)
        # Rendered inside the unit of work: the rows it shows stay loaded only while it is open.
        flash = read_flash(request)
        context = {
            "report": report,
            "facts": _facts(report, now),
            "events": timeline(events),
            "photos": photos,
            "followers": followers,
            "people": 1 + len(followers),
            "main_code": main_code,
            "contact": {"name": name, "phone": report.contact_phone} if show_contact else None,
            # An Open311 e-mail was given to be contacted: shown to triage staff even when the
            # report is otherwise anonymous (no name or phone).
            "requester": requester_of(report, events, show_contact=can_triage(actor.role)),
            "urgency_reason": urgency_reason(report.urgency, report.urgency_reasons or []),
            "duplicates": duplicates,
            "forms": _forms(report, actor),
            "work": work,
            "flash": flash,
        }
        response = render(request, "reports/report.html", context)
    forget_flash(request, response)
    return response


@require(can_view_reports)
async def photo(request: web.Request) -> web.StreamResponse:
    """A report's photo, only for staff who may see the report."""
    actor = actor_of_request(request)
    try:
        photo_id = int(request.match_info["photo_id"])
    except ValueError:
        return not_found(request)
    async with request.app[DATABASE].uow() as uow:
        queries = uow.report_queries
        report = await queries.visible_report(request.match_info["code"], actor.place_codes)
        found = await queries.photo_content(report.id, photo_id) if report else None
    if found is None:
        return not_found(request)
    mime, content = found
    response = web.Response(body=content)
    response.content_type = mime if mime in SAFE_IMAGE_TYPES else "application/octet-stream"
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    if mime not in SAFE_IMAGE_TYPES:
        response.headers["Content-Disposition"] = "attachment"
    return response
