"""``/quan-tri/nhat-ky``: the audit log, newest first, filtered by actor and action."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from dashboard.auth import render, require
from dashboard.keys import DATABASE
from domain.catalogue import MESSAGES
from domain.roles import can_manage_staff

PATH = "/quan-tri/nhat-ky"
PER_PAGE = 50


def action_label(action: str) -> str:
    """The catalogue's label of an action code, or the code itself."""
    return MESSAGES.get(f"audit_action_{action}", action)


MAX_PAGE = 100_000


def _page_number(value: str | None) -> int:
    try:
        return max(1, min(int(value or "1"), MAX_PAGE))
    except ValueError:
        return 1


@require(can_manage_staff)
async def audit_log(request: web.Request) -> web.StreamResponse:
    """One page of the log."""
    actor = request.query.get("actor", "").strip()[:64]
    action = request.query.get("action", "").strip()[:40]
    async with request.app[DATABASE].uow() as uow:
        page = await uow.audit.page(
            actor=actor or None,
            action=action or None,
            page=_page_number(request.query.get("page")),
            per_page=PER_PAGE,
        )
        actions = await uow.audit.actions()
        entries = [
            {
                "at": entry.at,
                "actor": entry.actor,
                "action": action_label(entry.action),
                "target": entry.target,
                "details": json.dumps(entry.details, ensure_ascii=False) if entry.details else "",
                "ip": entry.ip,
            }
            for entry in page.entries
        ]

    def link(number: int) -> str:
        query: dict[str, Any] = {"page": number}
        if actor:
            query["actor"] = actor
        if action:
            query["action"] = action
        return f"{PATH}?{urlencode(query)}"

    return render(
        request,
        "admin_audit.html",
        {
            "entries": entries,
            "page": page,
            "actions": [(code, action_label(code)) for code in actions],
            "filter_actor": actor,
            "filter_action": action,
            "prev_url": link(page.page - 1) if page.page > 1 else None,
            "next_url": link(page.page + 1) if page.page < page.pages else None,
        },
    )


def setup(app: web.Application) -> None:
    """Register the audit log route."""
    app.router.add_get(PATH, audit_log)
