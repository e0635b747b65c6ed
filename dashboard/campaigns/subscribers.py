"""``/chien-dich/nguoi-nhan``: who receives campaigns, groups with invitations, list import."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

from broadcasts.groups import invite_link
from dashboard.auth import actor_of_request, render, require
from dashboard.campaigns.common import read_flash, take_flash
from dashboard.campaigns.member_import import run_import
from dashboard.keys import BOT_USERNAME, DATABASE
from dashboard.reports.places import place_names
from domain.catalogue import t
from domain.roles import can_manage_campaigns, can_view_campaigns

MAX_UPLOAD = 10 * 1024 * 1024


async def _context(request: web.Request) -> dict[str, Any]:
    username = request.app.get(BOT_USERNAME)
    async with request.app[DATABASE].uow() as uow:
        by_status = await uow.subscribers.counts_by_status()
        by_commune = await uow.subscribers.active_by_commune()
        groups = [
            {
                "code": group.code,
                "name": group.name,
                "members": members,
                "link": invite_link(username, group.invite_token) if username else None,
                "start": f"/start join_{group.invite_token}",
            }
            for group, members in await uow.subscribers.groups_with_counts()
        ]
    names = place_names()
    return {
        "by_status": [
            (t(f"cp_sub_status_{code}"), by_status.get(code, 0))
            for code in ("active", "unsubscribed", "blocked")
        ],
        "total": sum(by_status.values()),
        "by_commune": [
            (names.get(code, code) if code else t("cp_sub_no_commune"), n) for code, n in by_commune
        ],
        "groups": groups,
        "can_import": can_manage_campaigns(actor_of_request(request).role),
    }


@require(can_view_campaigns)
async def page(request: web.Request) -> web.StreamResponse:
    """``GET /chien-dich/nguoi-nhan``."""
    context = await _context(request)
    response = render(
        request,
        "campaigns_subscribers.html",
        {**context, "flash": read_flash(request), "report": None},
    )
    take_flash(request, response)
    return response


@require(can_manage_campaigns)
async def import_members(request: web.Request) -> web.StreamResponse:
    """``POST /chien-dich/nguoi-nhan/nhap``: all rows or none; the page shows each row's error."""
    actor = actor_of_request(request)
    form = await request.post()
    upload = form.get("file")
    if not isinstance(upload, FileField) or not upload.filename:
        report: dict[str, Any] = {"ok": False, "message": t("cp_import_no_file"), "errors": []}
    else:
        content = upload.file.read(MAX_UPLOAD + 1)
        if len(content) > MAX_UPLOAD:
            report = {"ok": False, "message": t("cp_import_too_big"), "errors": []}
        else:
            report = await run_import(request.app[DATABASE], actor, upload.filename, content)
    context = await _context(request)
    return render(
        request,
        "campaigns_subscribers.html",
        {**context, "flash": None, "report": report},
        status=200 if report["ok"] else 400,
    )
