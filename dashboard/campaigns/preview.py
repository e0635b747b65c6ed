"""«Gửi thử cho tôi»: the campaign, exactly as recipients get it, to the author's own chat."""

from __future__ import annotations

import logging

from aiohttp import web

from broadcasts import workflow
from broadcasts.message import build_replies
from broadcasts.workflow import CampaignError
from dashboard.auth import actor_of_request, require
from dashboard.campaigns.common import campaign_id, not_found, redirect_with
from dashboard.keys import DATABASE, DELIVERY
from domain.catalogue import t
from domain.delivery import Channel, Delivered, DeliveryPort, deliver_all, describe
from domain.roles import can_view_campaigns

log = logging.getLogger(__name__)


def _telegram_is_on(delivery: DeliveryPort) -> bool:
    # The service's port is a router that knows its channels; any other port is taken at its word.
    serves = getattr(delivery, "serves", None)
    return bool(serves(Channel.TELEGRAM)) if callable(serves) else True


@require(can_view_campaigns)
async def preview(request: web.Request) -> web.StreamResponse:
    """``POST /chien-dich/{id}/gui-thu``."""
    actor = actor_of_request(request)
    cid = campaign_id(request)
    back = f"/chien-dich/{cid}"
    delivery = request.app[DELIVERY]
    async with request.app[DATABASE].uow() as uow:
        try:
            campaign = await workflow.get_campaign(uow, cid)
        except CampaignError:
            return not_found(request)
        user = await uow.staff.get(actor.id)
        telegram_id = user.telegram_user_id if user is not None else None
        if not telegram_id:
            raise redirect_with(back, "error", t("cp_preview_unlinked", username=actor.username))
        if not _telegram_is_on(delivery):
            raise redirect_with(back, "error", t("cp_preview_no_telegram"))
        replies = build_replies(campaign)
    # No transaction is held while the messages travel.
    outcome = await deliver_all(delivery, Channel.TELEGRAM, str(telegram_id), replies)
    error = None if isinstance(outcome, Delivered) else describe(outcome)
    async with request.app[DATABASE].uow() as uow:
        await uow.audit.record(
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
