"""``/quan-tri/mau-tra-loi``: canned replies per unit, kept by admins (audited).

Officers pick one on a report's page to fill the reply or question text; a unit's replies show
on the reports of that ward, the shared ones («Tất cả đơn vị») on every report.
"""

from __future__ import annotations

import logging

from aiohttp import web

from dashboard.auth import actor_of_request, render, require, see_other
from dashboard.auth.accounts import ward_names, wards
from dashboard.flash import Flash
from dashboard.keys import DATABASE
from dashboard.security import id_param
from domain.catalogue import t
from domain.roles import can_manage_staff
from storage.queue_models import ALL_UNITS

log = logging.getLogger(__name__)

PATH = "/quan-tri/mau-tra-loi"
CANNED_FLASH = Flash(cookie="canned_flash", path=PATH)
MAX_TITLE = 120
MAX_TEXT = 4000


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


async def _page(
    request: web.Request, *, error: str | None = None, status: int = 200
) -> web.Response:
    names = ward_names()
    async with request.app[DATABASE].uow() as uow:
        rows = [
            {
                "id": c.id,
                "unit": names.get(c.unit, c.unit) if c.unit else t("cr_all_units"),
                "title": c.title,
                "text": c.text,
            }
            for c in await uow.queue_work.canned_replies()
        ]
    message = CANNED_FLASH.read(request)
    response = render(
        request,
        "admin_canned.html",
        {
            "rows": rows,
            "wards": wards(),
            "flash": message["text"] if message and message["kind"] == "ok" else None,
            "error": error,
        },
        status=status,
    )
    CANNED_FLASH.forget(request, response)
    return response


@require(can_manage_staff)
async def canned_page(request: web.Request) -> web.StreamResponse:
    """Every canned reply, with the form to add one."""
    return await _page(request)


@require(can_manage_staff)
async def add(request: web.Request) -> web.StreamResponse:
    """Keep a new canned reply for a unit or for all."""
    actor = actor_of_request(request)
    form = await request.post()
    unit, title, text = _text(form.get("unit")), _text(form.get("title")), _text(form.get("text"))
    if unit != ALL_UNITS and unit not in ward_names():
        return await _page(request, error=t("cr_err_unit"), status=400)
    if not title or len(title) > MAX_TITLE:
        return await _page(request, error=t("cr_err_title"), status=400)
    if not text:
        return await _page(request, error=t("cr_err_text"), status=400)
    async with request.app[DATABASE].uow() as uow:
        reply = await uow.queue_work.add_canned_reply(unit, title, text[:MAX_TEXT], actor.username)
        details = {"id": reply.id, "unit": unit, "title": title}
        await uow.audit.record(actor.username, "canned_reply_add", title, details, actor.ip)
        await uow.commit()
    response = see_other(PATH)
    CANNED_FLASH.set(response, "ok", t("cr_ok_added", title=title))
    return response


@require(can_manage_staff)
async def delete(request: web.Request) -> web.StreamResponse:
    """Forget a canned reply."""
    actor = actor_of_request(request)
    async with request.app[DATABASE].uow() as uow:
        reply = await uow.queue_work.canned_reply(int(request.match_info["reply_id"]))
        if reply is None:
            raise web.HTTPNotFound()
        title = reply.title
        details = {"id": reply.id, "unit": reply.unit, "title": title}
        await uow.queue_work.delete_canned_reply(reply)
        await uow.audit.record(actor.username, "canned_reply_delete", title, details, actor.ip)
        await uow.commit()
    response = see_other(PATH)
    CANNED_FLASH.set(response, "ok", t("cr_ok_deleted", title=title))
    return response


def setup(app: web.Application) -> None:
    """Register the canned-replies routes."""
    app.router.add_get(PATH, canned_page)
    app.router.add_post(PATH, add)
    app.router.add_post(f"{PATH}/{id_param('reply_id')}/xoa", delete)
