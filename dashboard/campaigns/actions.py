"""The campaign page's workflow buttons: each POST runs one step and redirects back."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from aiohttp import web

from broadcasts import workflow
from broadcasts.workflow import CampaignError
from dashboard.auth import actor_of_request, forbidden, require
from dashboard.campaigns.common import campaign_id, error_text, not_found, redirect_with
from dashboard.campaigns.form import Form, FormError, text_field
from dashboard.keys import DATABASE
from domain.catalogue import t
from domain.roles import (
    Permission,
    StaffActor,
    can_approve_campaigns,
    can_manage_campaigns,
    can_view_campaigns,
)
from domain.sla import VN_TZ
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

Step = Callable[[UnitOfWork, int, StaffActor, Form], Awaitable[object]]

CRON_PRESETS: tuple[tuple[str, str], ...] = (
    ("0 8 * * *", "cp_cron_daily"),
    ("0 8 * * 1", "cp_cron_monday"),
    ("0 19 * * 5", "cp_cron_friday"),
    ("0 8 1 * *", "cp_cron_monthly"),
)


def parse_moment(value: str) -> datetime:
    """A ``datetime-local`` value read as Vietnam time; FormError when it is not one."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise FormError(t("bc_err_schedule_at")) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VN_TZ)
    return moment


async def _submit(uow: UnitOfWork, cid: int, actor: StaffActor, form: Form) -> object:
    return await workflow.submit(uow, cid, actor.username)


async def _approve(uow: UnitOfWork, cid: int, actor: StaffActor, form: Form) -> object:
    return await workflow.approve(uow, cid, actor.username)


async def _reject(uow: UnitOfWork, cid: int, actor: StaffActor, form: Form) -> object:
    return await workflow.reject(uow, cid, actor.username, text_field(form, "note", 1000) or None)


async def _schedule(uow: UnitOfWork, cid: int, actor: StaffActor, form: Form) -> object:
    kind = text_field(form, "kind", 10) or "now"
    at = parse_moment(text_field(form, "at", 40)) if kind == "at" else None
    cron = None
    if kind == "cron":
        cron = text_field(form, "cron", 100) or text_field(form, "cron_preset", 100)
    return await workflow.schedule(uow, cid, actor.username, kind=kind, at=at, cron=cron)


async def _pause(uow: UnitOfWork, cid: int, actor: StaffActor, form: Form) -> object:
    return await workflow.pause(uow, cid, actor.username)


async def _resume(uow: UnitOfWork, cid: int, actor: StaffActor, form: Form) -> object:
    return await workflow.resume(uow, cid, actor.username)


async def _cancel(uow: UnitOfWork, cid: int, actor: StaffActor, form: Form) -> object:
    return await workflow.cancel(uow, cid, actor.username)


# URL name -> (step, who may run it, catalogue key of the success message)
STEPS: dict[str, tuple[Step, Permission, str]] = {
    "gui-duyet": (_submit, can_manage_campaigns, "cp_ok_submitted"),
    "duyet": (_approve, can_approve_campaigns, "cp_ok_approved"),
    "tra-lai": (_reject, can_approve_campaigns, "cp_ok_rejected"),
    "len-lich": (_schedule, can_view_campaigns, "cp_ok_scheduled"),
    "tam-dung": (_pause, can_view_campaigns, "cp_ok_paused"),
    "tiep-tuc": (_resume, can_view_campaigns, "cp_ok_resumed"),
    "huy": (_cancel, can_view_campaigns, "cp_ok_cancelled"),
}


@require(can_view_campaigns)
async def run_step(request: web.Request) -> web.StreamResponse:
    """Run the named workflow step on the campaign and go back to its page."""
    actor = actor_of_request(request)
    cid, name = campaign_id(request), request.match_info["action"]
    entry = STEPS.get(name)
    if entry is None:
        return not_found(request)
    step, permission, ok_key = entry
    if not permission(actor.role):
        log.warning("campaign %s: %s may not %s", cid, actor.username, name)
        return forbidden(request)
    form = await request.post()
    try:
        async with request.app[DATABASE].uow() as uow:
            await step(uow, cid, actor, form)
            await uow.commit()
    except CampaignError as exc:
        if exc.key == "bc_err_not_found":
            return not_found(request)
        log.info("campaign %s: %s by %s refused: %s", cid, name, actor.username, exc.key)
        raise redirect_with(f"/chien-dich/{cid}", "error", error_text(exc)) from None
    except FormError as exc:
        raise redirect_with(f"/chien-dich/{cid}", "error", str(exc)) from None
    raise redirect_with(f"/chien-dich/{cid}", "ok", t(ok_key, id=cid))
