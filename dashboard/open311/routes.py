"""The Open311 GeoReport v2 handlers and the error middleware of ``/open311/``."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from aiohttp import web
from aiohttp.typedefs import Handler

from dashboard.keys import DATABASE, SLA
from dashboard.open311.documents import ApiError, render, render_errors
from dashboard.open311.intake import submit
from dashboard.open311.openapi import openapi_document
from dashboard.open311.params import api_key_errors, parse_filter, parse_submission
from dashboard.open311.views import (
    discovery,
    request_view,
    service_definition,
    service_notice,
    services,
)
from domain.catalogue import t
from domain.taxonomy import CATEGORY_CODES
from domain.tracking import parse_tracking_code
from storage.models import Report
from storage.open311 import RequestFilter
from storage.outage import database_errors
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

PREFIX = "/open311"
API = f"{PREFIX}/v2"
FMT = "{fmt:json|xml}"


def _base_url(request: web.Request) -> str:
    return f"{request.url.scheme}://{request.url.host}" + (
        f":{request.url.port}" if request.url.port not in (None, 80, 443) else ""
    )


def _fmt(request: web.Request) -> str:
    return request.match_info["fmt"]


async def get_discovery(request: web.Request) -> web.Response:
    """Service discovery: where the v2 endpoint is and in which formats."""
    return render(_fmt(request), "discovery", discovery(_base_url(request)))


async def get_services(request: web.Request) -> web.Response:
    """Every service (one per category)."""
    return render(_fmt(request), "services", services())


async def get_service(request: web.Request) -> web.Response:
    """A service definition; 404 for an unknown service_code."""
    code = request.match_info["code"]
    if code not in CATEGORY_CODES:
        error = ApiError(404, t("open311_err_service_code_unknown", code=code[:50]))
        return render_errors(_fmt(request), [error])
    return render(_fmt(request), "service_definition", service_definition(code))


async def post_request(request: web.Request) -> web.Response:
    """Create a service request from the spec's form fields."""
    fmt = _fmt(request)
    try:
        form = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
    except ValueError:
        log.info("open311: unreadable form")
        return render_errors(fmt, [ApiError(400, t("open311_err_form"))])
    key_value, errors = api_key_errors(form)
    if key_value is None:
        log.info("open311: POST without api_key")
        return render_errors(fmt, errors)
    async with request.app[DATABASE].uow() as uow:
        key = await uow.open311.active_key(key_value)
    if key is None:
        log.info("open311: POST with an invalid api_key")
        return render_errors(fmt, [ApiError(403, t("open311_err_api_key_invalid"))])
    submission, errors = parse_submission(form, key_value)
    if submission is None:
        log.info("open311: rejected POST from %s: %s", key.name, [e.description for e in errors])
        return render_errors(fmt, errors)
    report = await submit(request.app[DATABASE], request.app[SLA], key, submission)
    body = [
        {
            "service_request_id": report.code,
            "service_notice": service_notice(report),
            "account_id": submission.account_id,
        }
    ]
    return render(fmt, "service_requests", body)


async def _views(uow: UnitOfWork, wanted: RequestFilter) -> list[dict[str, object]]:
    store = uow.open311
    reports = list(await store.search(wanted))
    ids = [r.id for r in reports]
    notes = await store.latest_public_notes(ids)
    details = await store.creation_details(ids)
    merged = await store.codes_of([r.merged_into_id for r in reports if r.merged_into_id])
    return [_view(r, notes, details, merged) for r in reports]


def _view(
    report: Report,
    notes: dict[int, str],
    details: dict[int, dict[str, object]],
    merged: dict[int, str],
) -> dict[str, object]:
    target = merged.get(report.merged_into_id) if report.merged_into_id else None
    return request_view(report, notes.get(report.id), target, details.get(report.id))


async def get_requests(request: web.Request) -> web.Response:
    """Requests by id, or by service, dates and status (last 90 days by default)."""
    fmt = _fmt(request)
    wanted, errors = parse_filter(request.query, datetime.now(UTC))
    if wanted is None:
        log.info("open311: bad GET requests filter: %s", [e.description for e in errors])
        return render_errors(fmt, errors)
    async with request.app[DATABASE].uow() as uow:
        views = await _views(uow, wanted)
    return render(fmt, "service_requests", views)


async def get_request(request: web.Request) -> web.Response:
    """One request by its PA- code (as a one-item list, as the spec shows)."""
    fmt = _fmt(request)
    raw = request.match_info["request_id"]
    code = parse_tracking_code(raw)
    views: list[dict[str, object]] = []
    if code is not None:
        async with request.app[DATABASE].uow() as uow:
            views = await _views(uow, RequestFilter(codes=(code,), limit=1))
    if not views:
        error = ApiError(404, t("open311_err_request_not_found", value=raw[:50]))
        return render_errors(fmt, [error])
    return render(fmt, "service_requests", views)


async def get_openapi(request: web.Request) -> web.Response:
    """The OpenAPI 3.1 description of this API."""
    text = json.dumps(openapi_document(_base_url(request)), ensure_ascii=False)
    return web.Response(text=text, content_type="application/json", charset="utf-8")


@web.middleware
async def open311_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A database failure under /open311/ answers with the spec's error list, not a crash page."""
    if not request.path.startswith(PREFIX + "/"):
        return await handler(request)
    try:
        return await handler(request)
    except web.HTTPNotFound:  # no route (an id with a dot, say): the spec's error list too
        fmt = "json" if request.path.endswith(".json") else "xml"
        return render_errors(fmt, [ApiError(404, t("open311_err_no_such_path"))])
    except database_errors() as exc:  # 503, not 400: the client should send it again later
        log.error("open311: database unavailable on %s: %r", request.path, exc)
        fmt = request.match_info.get("fmt", "xml")
        return render_errors(fmt, [ApiError(503, t("open311_err_unavailable"))])
