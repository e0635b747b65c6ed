"""``GET /chien-dich``: the campaign list, filtered by status."""

from __future__ import annotations

from aiohttp import web

from dashboard.auth import actor_of_request, render, require
from dashboard.campaigns.common import read_flash, status_choices, take_flash
from dashboard.keys import DATABASE
from domain.catalogue import format_datetime, t
from domain.roles import can_manage_campaigns, can_view_campaigns


def _schedule_text(kind: str, scheduled_at: object, cron: str | None) -> str:
    if kind == "cron" and cron:
        return t("cp_schedule_cron", cron=cron)
    if kind == "at" and scheduled_at is not None:
        return t("cp_schedule_at", at=format_datetime(scheduled_at))  # type: ignore[arg-type]
    return t("cp_schedule_now")


@require(can_view_campaigns)
async def campaign_list(request: web.Request) -> web.StreamResponse:
    """``GET /chien-dich``: campaigns, newest first."""
    status = request.query.get("trang_thai", "").strip()
    statuses = status_choices()
    if status not in {code for code, _ in statuses}:
        status = ""
    async with request.app[DATABASE].uow() as uow:
        rows = await uow.campaigns.listing(status or None)
        counts = await uow.campaigns.status_counts()
        items = [
            {
                "id": row.campaign.id,
                "title": row.campaign.title,
                "status": row.campaign.status,
                "status_label": t(f"bc_status_{row.campaign.status}"),
                "author": row.campaign.author,
                "approver": row.campaign.approver or "",
                "schedule": _schedule_text(
                    row.campaign.schedule_kind, row.campaign.scheduled_at, row.campaign.cron
                )
                if row.campaign.status not in ("draft", "submitted", "approved", "cancelled")
                else "",
                "total": row.total,
                "finished": row.finished,
                "percent": round(100 * row.finished / row.total) if row.total else 0,
                "updated": format_datetime(row.campaign.updated_at),
            }
            for row in rows
        ]
    response = render(
        request,
        "campaigns_list.html",
        {
            "items": items,
            "statuses": statuses,
            "counts": counts,
            "total": sum(counts.values()),
            "current": status,
            "can_create": can_manage_campaigns(actor_of_request(request).role),
            "flash": read_flash(request),
        },
    )
    take_flash(request, response)
    return response
