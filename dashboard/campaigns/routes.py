"""Campaign pages of the dashboard (authors: ``tuyen_truyen``/admin; approvers: ``lanh_dao``/admin).

Routes::

    GET  /chien-dich                        list, filter by status (?trang_thai=)
    GET  /chien-dich/moi                    new draft form; POST creates it
    GET  /chien-dich/doi-tuong/so-luong     audience size of a filter or saved audience (JSON)
    GET  /chien-dich/nguoi-nhan             subscribers: counts, groups, invitation links
    POST /chien-dich/nguoi-nhan/nhap        import a CSV/XLSX member list
    GET  /chien-dich/{id}                   one campaign: content, audience, buttons, timeline
    GET  /chien-dich/{id}/sua               edit a draft; POST saves it
    GET  /chien-dich/{id}/anh               its photo
    GET  /chien-dich/{id}/tien-do           live progress (JSON)
    GET  /chien-dich/{id}/ket-qua.csv       per-recipient results
    POST /chien-dich/{id}/gui-thu           preview to the staff member's own Telegram chat
    POST /chien-dich/{id}/{step}            gui-duyet, duyet, tra-lai, len-lich, tam-dung,
                                            tiep-tuc, huy
"""

from __future__ import annotations

from aiohttp import web

from dashboard.auth import actor_of_request, render, require
from dashboard.campaigns import actions as campaigns_actions
from dashboard.campaigns import edit as campaigns_edit
from dashboard.campaigns import preview as campaigns_preview
from dashboard.campaigns import progress as campaigns_progress
from dashboard.campaigns import subscribers as campaigns_subscribers
from dashboard.campaigns import view as campaigns_view
from dashboard.campaigns.common import read_flash, status_choices, take_flash
from dashboard.keys import SESSIONS
from domain.catalogue import format_datetime, t
from domain.roles import can_manage_campaigns, can_view_campaigns
from storage import campaign_queries as q
from storage.uow import UnitOfWork

ID = "{id:[0-9]{1,9}}"


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
    async with UnitOfWork(request.app[SESSIONS]) as uow:
        rows = await q.list_campaigns(uow, status or None)
        counts = await q.campaign_status_counts(uow)
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


def setup(app: web.Application) -> None:
    """Register the campaign routes (fixed paths before the id pattern)."""
    app.router.add_get("/chien-dich", campaign_list)
    app.router.add_get("/chien-dich/moi", campaigns_edit.new_form)
    app.router.add_post("/chien-dich/moi", campaigns_edit.create)
    app.router.add_get("/chien-dich/doi-tuong/so-luong", campaigns_progress.size)
    app.router.add_get("/chien-dich/nguoi-nhan", campaigns_subscribers.page)
    app.router.add_post("/chien-dich/nguoi-nhan/nhap", campaigns_subscribers.import_members)
    app.router.add_get(f"/chien-dich/{ID}", campaigns_view.campaign_page)
    app.router.add_get(f"/chien-dich/{ID}/sua", campaigns_edit.edit_form)
    app.router.add_post(f"/chien-dich/{ID}/sua", campaigns_edit.update)
    app.router.add_get(f"/chien-dich/{ID}/anh", campaigns_view.photo)
    app.router.add_get(f"/chien-dich/{ID}/tien-do", campaigns_progress.progress)
    app.router.add_get(f"/chien-dich/{ID}/ket-qua.csv", campaigns_progress.export_csv)
    app.router.add_post(f"/chien-dich/{ID}/gui-thu", campaigns_preview.preview)
    app.router.add_post(f"/chien-dich/{ID}/{{action:[a-z-]+}}", campaigns_actions.run_step)
