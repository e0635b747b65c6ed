"""Live figures: audience size before sending, sending progress, per-recipient CSV export."""

from __future__ import annotations

import csv
import io
import logging
from typing import Any

from aiohttp import web

from broadcasts import workflow
from broadcasts.audience import audience_size
from broadcasts.workflow import CampaignError, CampaignProgress
from dashboard.auth import actor_of_request, require
from dashboard.campaigns.common import campaign_id, not_found
from dashboard.campaigns.form import FILTER_LISTS, FormError, audience_filter
from dashboard.keys import DATABASE
from domain.catalogue import t
from domain.roles import can_view_campaigns

log = logging.getLogger(__name__)


def progress_json(progress: CampaignProgress, status: str) -> dict[str, Any]:
    """The figures the campaign page shows and polls."""
    percent = round(100 * progress.finished / progress.total) if progress.total else 0
    return {
        "status": status,
        "status_label": t(f"bc_status_{status}"),
        "total": progress.total,
        "pending": progress.pending,
        "sending": progress.sending,
        "sent": progress.sent,
        "blocked": progress.blocked,
        "failed": progress.failed,
        "unknown": progress.unknown,  # may have arrived; resent only by an operator
        "failed_reasons": progress.failed_reasons,
        "clicks": progress.clicks,
        "quiz_answers": progress.quiz_answers,
        "finished": progress.finished,
        "percent": percent,
    }


@require(can_view_campaigns)
async def progress(request: web.Request) -> web.StreamResponse:
    """``GET /chien-dich/{id}/tien-do``: live counts as JSON."""
    async with request.app[DATABASE].uow() as uow:
        try:
            campaign = await workflow.get_campaign(uow, campaign_id(request))
            counts = await workflow.progress(uow, campaign.id)
        except CampaignError:
            return web.json_response({"error": t("cp_not_found")}, status=404)
        body = progress_json(counts, campaign.status)
    return web.json_response(body, headers={"Cache-Control": "no-store"})


@require(can_view_campaigns)
async def size(request: web.Request) -> web.StreamResponse:
    """``GET /chien-dich/doi-tuong/so-luong``: how many would receive (saved audience or filter)."""
    query = request.query
    async with request.app[DATABASE].uow() as uow:
        try:
            if query.get("audience_mode") == "saved":
                raw_id = query.get("audience_id", "")
                audience = await uow.audiences.get(int(raw_id)) if raw_id.isdigit() else None
                if audience is None:
                    raise FormError(t("cp_err_audience_pick"))
                flt = audience.filter
            else:
                raw: dict[str, Any] = {"all": query.get("all") in ("1", "on", "true")}
                for name in FILTER_LISTS:
                    raw[name] = [v for v in query.getall(name, []) if v.strip()]
                flt = audience_filter(raw)
            count = await audience_size(uow, flt)
        except FormError as exc:
            return web.json_response({"error": str(exc)}, headers={"Cache-Control": "no-store"})
    return web.json_response(
        {"size": count, "text": t("cp_audience_size", size=count)},
        headers={"Cache-Control": "no-store"},
    )


@require(can_view_campaigns)
async def export_csv(request: web.Request) -> web.StreamResponse:
    """``GET /chien-dich/{id}/ket-qua.csv``: chat id, status and error of every recipient."""
    actor = actor_of_request(request)
    cid = campaign_id(request)
    async with request.app[DATABASE].uow() as uow:
        try:
            await workflow.get_campaign(uow, cid)
        except CampaignError:
            return not_found(request)
        await uow.audit.record(actor.username, "campaign_export", f"campaign:{cid}", {}, actor.ip)
        await uow.commit()
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="chien-dich-{cid}.csv"',
            "Cache-Control": "no-store",
        }
    )
    await response.prepare(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["chat_id", "status", "error"])
    await response.write(("\ufeff" + buffer.getvalue()).encode())
    async with request.app[DATABASE].uow() as uow:
        rows = 0
        async for _run, chat_id, status, error in uow.campaigns.recipient_results(cid):
            buffer.seek(0)
            buffer.truncate()
            writer.writerow([chat_id, status, error or ""])
            await response.write(buffer.getvalue().encode())
            rows += 1
    log.info("campaign %s results exported by %s: %d rows", cid, actor.username, rows)
    await response.write_eof()
    return response
