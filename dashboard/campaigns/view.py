"""One campaign's page: content, audience and its size, workflow buttons, timeline, progress."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from markupsafe import Markup

from broadcasts import workflow
from broadcasts.audience import AudienceError, audience_size
from broadcasts.workflow import CampaignError, CampaignStatus
from dashboard.auth import actor_of_request, render, require
from dashboard.campaigns.actions import CRON_PRESETS
from dashboard.campaigns.common import campaign_id, not_found, read_flash, take_flash
from dashboard.campaigns.progress import progress_json
from dashboard.keys import DATABASE
from dashboard.reports.places import place_names
from domain.catalogue import MESSAGES, format_datetime, t
from domain.roles import (
    StaffActor,
    can_approve_campaigns,
    can_manage_campaigns,
    can_view_campaigns,
)
from domain.telegram_html import HtmlError, check_html
from domain.topics import topic_label
from storage.broadcast_models import Campaign
from storage.uow import UnitOfWork

S = CampaignStatus


def shown_text(campaign: Campaign) -> Markup:
    """The text as the reader sees it: checked Telegram HTML is shown formatted."""
    if campaign.parse_mode == "HTML":
        try:
            return Markup(check_html(campaign.text))  # tags rebuilt from an allow-list
        except HtmlError:
            pass
    return Markup.escape(campaign.text)


def describe_filter(flt: dict[str, Any]) -> list[str]:
    """The audience filter in words, one line per criterion."""
    lines: list[str] = []
    if flt.get("all"):
        lines.append(t("cp_aud_all"))
    if flt.get("communes"):
        names = [place_names().get(code, code) for code in flt["communes"]]
        lines.append(t("cp_aud_communes", names=", ".join(names)))
    if flt.get("legacy_districts"):
        lines.append(t("cp_aud_districts", names=", ".join(flt["legacy_districts"])))
    if flt.get("groups"):
        lines.append(t("cp_aud_groups", names=", ".join(flt["groups"])))
    if flt.get("topics"):
        labels = ", ".join(topic_label(code) for code in flt["topics"])
        lines.append(t("cp_aud_topics", names=labels))
    return lines


def _buttons_for(actor: StaffActor, campaign: Campaign) -> dict[str, Any]:
    """Which workflow buttons this actor sees, and why approval is missing when it is."""
    status = S(campaign.status)
    author = actor.username == campaign.author
    approver = can_approve_campaigns(actor.role)
    manager = can_manage_campaigns(actor.role)
    approval_note = None
    if status is S.SUBMITTED and not (approver and not author):
        approval_note = t("cp_note_self") if author and approver else t("cp_note_need_approver")
        if author and not approver:
            approval_note = t("cp_note_author_waits")
    return {
        "edit": manager and status is S.DRAFT,
        "submit": manager and status is S.DRAFT,
        "approve": approver and not author and status is S.SUBMITTED,
        "reject": approver and status is S.SUBMITTED,
        "schedule": status in (S.APPROVED, S.SCHEDULED),
        "pause": workflow.can_transition(status, S.PAUSED),
        "resume": status is S.PAUSED,
        "cancel": workflow.can_transition(status, S.CANCELLED),
        "approval_note": approval_note,
    }


async def _audience(uow: UnitOfWork, campaign: Campaign) -> dict[str, Any]:
    saved = await uow.audiences.get(campaign.audience_id) if campaign.audience_id else None
    flt = campaign.audience_filter or (saved.filter if saved else None)
    size: int | None = None
    error: str | None = None
    if flt:
        try:
            size = await audience_size(uow, flt)
        except AudienceError as exc:
            error = exc.message
    return {
        "saved": saved,
        "lines": describe_filter(flt or {}),
        "size": size,
        "error": error,
    }


@require(can_view_campaigns)
async def campaign_page(request: web.Request) -> web.StreamResponse:
    """``GET /chien-dich/{id}``."""
    actor = actor_of_request(request)
    async with request.app[DATABASE].uow() as uow:
        try:
            campaign = await workflow.get_campaign(uow, campaign_id(request))
        except CampaignError:
            return not_found(request)
        events = await workflow.events(uow, campaign.id)
        counts = await workflow.progress(uow, campaign.id)
        audience = await _audience(uow, campaign)
        quiz = await uow.quizzes.get(campaign.quiz_id) if campaign.quiz_id else None
        response = render(
            request,
            "campaigns_view.html",
            {
                "campaign": campaign,
                "status_label": t(f"bc_status_{campaign.status}"),
                "text_html": shown_text(campaign),
                "events": [
                    {
                        "at": format_datetime(e.at),
                        "actor": e.actor,
                        "action": MESSAGES.get(f"cp_event_{e.action}", e.action),
                        "from": t(f"bc_status_{e.from_status}") if e.from_status else "",
                        "to": t(f"bc_status_{e.to_status}") if e.to_status else "",
                        "note": e.note,
                    }
                    for e in events
                ],
                "progress": progress_json(counts, campaign.status),
                "audience": audience,
                "quiz": quiz,
                "can": _buttons_for(actor, campaign),
                "cron_presets": [(expr, t(key)) for expr, key in CRON_PRESETS],
                "scheduled_at": format_datetime(campaign.scheduled_at)
                if campaign.scheduled_at
                else None,
                "flash": read_flash(request),
            },
        )
    take_flash(request, response)
    return response


@require(can_view_campaigns)
async def photo(request: web.Request) -> web.StreamResponse:
    """``GET /chien-dich/{id}/anh``: the campaign's photo."""
    async with request.app[DATABASE].uow() as uow:
        try:
            campaign = await workflow.get_campaign(uow, campaign_id(request))
        except CampaignError:
            return not_found(request)
        content, mime = campaign.photo, campaign.photo_mime
    if not content:
        return not_found(request)
    return web.Response(
        body=content,
        content_type=mime or "image/jpeg",
        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
    )
