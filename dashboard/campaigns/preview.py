"""«Gửi thử cho tôi»: the campaign, exactly as recipients get it, to the author's own chat."""

from __future__ import annotations

import logging

from aiohttp import web

from broadcasts import workflow
from broadcasts.botapi import BotApi
from broadcasts.message import build_steps
from broadcasts.workflow import CampaignError
from dashboard.auth import actor_of_request, require
from dashboard.campaigns.common import campaign_id, not_found, redirect_with
from dashboard.keys import BOT_API_TARGET, SESSIONS
from domain.catalogue import t
from domain.roles import can_view_campaigns
from storage.audit import record_audit
from storage.broadcast_models import Campaign
from storage.staff import StaffRepository
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


async def send_preview(api: BotApi, campaign: Campaign, chat_id: int) -> str | None:
    """Send the campaign's messages to one chat; None when sent, else the Bot API's error."""
    for step in build_steps(campaign):
        params = {"chat_id": chat_id, **step.params}
        if step.method == "sendPhoto":
            result = await api.upload_photo(params, campaign.photo or b"", campaign.photo_mime)
        else:
            result = await api.call(step.method, params)
        if not result.ok:
            return result.description or str(result.status)
    return None


@require(can_view_campaigns)
async def preview(request: web.Request) -> web.StreamResponse:
    """``POST /chien-dich/{id}/gui-thu``."""
    actor = actor_of_request(request)
    cid = campaign_id(request)
    back = f"/chien-dich/{cid}"
    async with UnitOfWork(request.app[SESSIONS]) as uow:
        try:
            campaign = await workflow.get_campaign(uow, cid)
        except CampaignError:
            return not_found(request)
        user = await StaffRepository(uow.session).get(actor.id)
        telegram_id = user.telegram_user_id if user is not None else None
        if not telegram_id:
            raise redirect_with(back, "error", t("cp_preview_unlinked", username=actor.username))
        target = request.app.get(BOT_API_TARGET)
        if target is None:
            raise redirect_with(back, "error", t("cp_preview_no_telegram"))
        async with BotApi(target.base_url, target.token, connections=2) as api:
            error = await send_preview(api, campaign, int(telegram_id))
        await record_audit(
            uow,
            actor.username,
            "campaign_preview",
            f"campaign:{cid}",
            {"ok": error is None, **({"error": error} if error else {})},
            actor.ip,
        )
        await uow.commit()
    if error is not None:
        log.warning("preview of campaign %s to %s failed: %s", cid, actor.username, error)
        raise redirect_with(back, "error", t("cp_preview_failed", error=error[:300]))
    raise redirect_with(back, "ok", t("cp_preview_sent"))
