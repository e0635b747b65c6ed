"""Writing a campaign: the new-draft and edit-draft forms."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web

from broadcasts import workflow
from broadcasts.workflow import CampaignError, CampaignStatus
from dashboard.auth import actor_of_request, render, require
from dashboard.campaigns.common import (
    campaign_id,
    error_text,
    form_choices,
    not_found,
    redirect_with,
)
from dashboard.campaigns.form import (
    BUTTON_ROWS,
    FILTER_LISTS,
    Form,
    FormError,
    form_values,
    parse_form,
    text_field,
)
from dashboard.keys import DATABASE
from domain.catalogue import t
from domain.roles import StaffActor, can_manage_campaigns
from storage.broadcast_models import Campaign
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


async def _page(
    request: web.Request,
    campaign: Campaign | None,
    values: dict[str, Any],
    error: str | None = None,
    status: int = 200,
) -> web.Response:
    async with request.app[DATABASE].uow() as uow:
        choices = await form_choices(uow)
        return render(
            request,
            "campaigns_edit.html",
            {
                "campaign": campaign,
                "values": values,
                "error": error,
                "button_rows": BUTTON_ROWS,
                "action": f"/chien-dich/{campaign.id}/sua" if campaign else "/chien-dich/moi",
                **choices,
            },
            status=status,
        )


async def _save_audience(uow: UnitOfWork, actor: StaffActor, name: str, flt: dict[str, Any]) -> int:
    audience = await uow.audiences.add(name, flt, actor.username)
    await uow.audit.record(
        actor.username, "audience_create", f"audience:{audience.id}", {"name": name}, actor.ip
    )
    return audience.id


@require(can_manage_campaigns)
async def new_form(request: web.Request) -> web.StreamResponse:
    """An empty campaign form."""
    return await _page(request, None, form_values(None))


@require(can_manage_campaigns)
async def create(request: web.Request) -> web.StreamResponse:
    """Create a draft from the form, then show it."""
    actor = actor_of_request(request)
    form = await request.post()
    try:
        parsed = parse_form(form)
        async with request.app[DATABASE].uow() as uow:
            content = dict(parsed.content)
            if parsed.audience_name:
                content["audience_id"] = await _save_audience(
                    uow, actor, parsed.audience_name, content["audience_filter"]
                )
            campaign = await workflow.create_campaign(uow, author=actor.username, **content)
            await uow.commit()
            new_id = campaign.id
    except (FormError, CampaignError) as exc:
        message = error_text(exc) if isinstance(exc, CampaignError) else str(exc)
        log.info("campaign form refused for %s: %s", actor.username, message)
        return await _page(request, None, _values_of(form), message, 400)
    raise redirect_with(f"/chien-dich/{new_id}", "ok", t("cp_ok_created", id=new_id))


def _values_of(form: Form) -> dict[str, Any]:
    """What the author typed, for showing the form again after an error."""
    values = form_values(None)
    for name in ("title", "text", "format", "quiz_id", "audience_mode", "audience_id"):
        values[name] = text_field(form, name) or values.get(name, "")
    values["audience_name"] = text_field(form, "audience_name", 200)
    values["all"] = bool(text_field(form, "all", 5))
    for name in FILTER_LISTS:
        values[name] = [v for v in form.getall(name, []) if isinstance(v, str)]
    values["links"] = _pairs(form, "link_text", "link_url")
    values["more"] = _pairs(form, "more_text", "more_body")
    return values


def _pairs(form: Form, first: str, second: str) -> list[tuple[str, str]]:
    return [
        (str(a), str(b))
        for a, b in zip(form.getall(first, []), form.getall(second, []), strict=False)
    ]


async def _draft(request: web.Request) -> Campaign | None:
    async with request.app[DATABASE].uow() as uow:
        try:
            campaign = await workflow.get_campaign(uow, campaign_id(request))
        except CampaignError:
            return None
        # Nothing changed; ending with a commit (not the rollback of an unfinished unit, which
        # expires every loaded row) keeps the campaign readable after the unit of work ends.
        await uow.commit()
        return campaign


@require(can_manage_campaigns)
async def edit_form(request: web.Request) -> web.StreamResponse:
    """The form of an existing draft."""
    campaign = await _draft(request)
    if campaign is None:
        return not_found(request)
    if campaign.status != CampaignStatus.DRAFT:
        raise redirect_with(f"/chien-dich/{campaign.id}", "error", t("bc_err_not_draft"))
    return await _page(request, campaign, form_values(campaign))


@require(can_manage_campaigns)
async def update(request: web.Request) -> web.StreamResponse:
    """Save the edited draft."""
    actor = actor_of_request(request)
    campaign = await _draft(request)
    if campaign is None:
        return not_found(request)
    form = await request.post()
    try:
        parsed = parse_form(form, current=campaign)
        async with request.app[DATABASE].uow() as uow:
            content = dict(parsed.content)
            if parsed.audience_name:
                content["audience_id"] = await _save_audience(
                    uow, actor, parsed.audience_name, content["audience_filter"]
                )
            await workflow.update_draft(uow, campaign.id, actor.username, **content)
            await uow.commit()
    except (FormError, CampaignError) as exc:
        message = error_text(exc) if isinstance(exc, CampaignError) else str(exc)
        log.info("campaign %s edit refused for %s: %s", campaign.id, actor.username, message)
        return await _page(request, campaign, _values_of(form), message, 400)
    raise redirect_with(f"/chien-dich/{campaign.id}", "ok", t("cp_ok_saved", id=campaign.id))
