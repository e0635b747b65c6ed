"""The report page's forms: each POST runs one staff action and redirects back with a message."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime

from aiohttp import web
from aiohttp.web_request import FileField
from multidict import MultiDictProxy

from dashboard.auth import actor_of_request, require
from dashboard.keys import SLA, STAFF_ACTIONS
from dashboard.reports.flash import set_flash
from dashboard.reports.page import not_found
from dashboard.reports.places import place_names
from dashboard.security import small_id
from domain.catalogue import status_label, t
from domain.roles import StaffActor, can_triage
from domain.sla import VN_TZ, WorkingCalendar
from domain.statuses import InvalidTransition, ReportStatus
from domain.tracking import parse_tracking_code
from handlers.staff.actions import ActionError, ActionResult, StaffActions

log = logging.getLogger(__name__)

Form = MultiDictProxy[str | bytes | bytearray | FileField]
Action = Callable[[StaffActions, StaffActor, str, Form], Awaitable[ActionResult]]
MAX_FIELD = 4000


class FormError(ValueError):
    """A form field the action cannot use; the message is Vietnamese."""


def _field(form: Form, name: str) -> str | None:
    value = form.get(name)
    if not isinstance(value, str):
        return None
    value = value.strip()[:MAX_FIELD]
    return value or None


def _status(form: Form) -> ReportStatus:
    raw = _field(form, "status") or ""
    try:
        return ReportStatus(raw)
    except ValueError:
        raise FormError(t("rp_err_status")) from None


def _deadline(form: Form) -> datetime:
    raw = _field(form, "date") or ""
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise FormError(t("rp_err_date")) from None
    return datetime.combine(day, WorkingCalendar().end, tzinfo=VN_TZ)


async def _accept(a: StaffActions, actor: StaffActor, code: str, form: Form) -> ActionResult:
    return await a.accept(actor, code, _field(form, "public_note"))


async def _set_status(a: StaffActions, actor: StaffActor, code: str, form: Form) -> ActionResult:
    return await a.set_status(
        actor,
        code,
        _status(form),
        public_note=_field(form, "public_note"),
        internal_note=_field(form, "internal_note"),
    )


async def _correct(a: StaffActions, actor: StaffActor, code: str, form: Form) -> ActionResult:
    place_code = _field(form, "place_code")
    if place_code is not None and place_code not in place_names():
        raise FormError(t("rp_err_place"))
    if place_code is not None and not actor.sees_place(place_code):
        raise FormError(t("rp_err_place_outside"))
    return await a.correct(
        actor,
        code,
        category=_field(form, "category"),
        urgency=_field(form, "urgency"),
        place_code=place_code,
        place_name=place_names()[place_code] if place_code else None,
    )


async def _assign(a: StaffActions, actor: StaffActor, code: str, form: Form) -> ActionResult:
    return await a.assign(actor, code, _field(form, "unit") or "", _field(form, "internal_note"))


async def _deadline_action(
    a: StaffActions, actor: StaffActor, code: str, form: Form
) -> ActionResult:
    return await a.set_deadline(actor, code, _deadline(form), _field(form, "reason"))


FAR_DEADLINE_DAYS = 90  # well past any usual resolution time: most likely a typing slip


def _deadline_warnings(form: Form, calendar: WorkingCalendar) -> str:
    """Why the saved deadline looks unusual (a day off, months ahead); empty when it does not."""
    try:
        day = date.fromisoformat(_field(form, "date") or "")
    except ValueError:
        return ""
    warnings = []
    if not calendar.is_working_day(day):
        warnings.append(t("rp_warn_deadline_day_off", date=day.strftime("%d/%m/%Y")))
    days = (day - datetime.now(VN_TZ).date()).days
    if days > FAR_DEADLINE_DAYS:
        warnings.append(t("rp_warn_deadline_far", days=days))
    return "".join(" " + warning for warning in warnings)


async def _reply(a: StaffActions, actor: StaffActor, code: str, form: Form) -> ActionResult:
    return await a.reply(actor, code, _field(form, "text") or "")


async def _ask(a: StaffActions, actor: StaffActor, code: str, form: Form) -> ActionResult:
    return await a.ask(actor, code, _field(form, "text") or "")


async def _assign_officer(
    a: StaffActions, actor: StaffActor, code: str, form: Form
) -> ActionResult:
    raw = _field(form, "staff_id")
    staff_id = small_id(raw)
    if raw is not None and staff_id is None:
        raise FormError(t("rq_err_officer"))
    return await a.assign_officer(actor, code, staff_id, _field(form, "internal_note"))


async def _note(a: StaffActions, actor: StaffActor, code: str, form: Form) -> ActionResult:
    return await a.note(actor, code, _field(form, "text") or "")


async def _merge(a: StaffActions, actor: StaffActor, code: str, form: Form) -> ActionResult:
    duplicate = parse_tracking_code(_field(form, "duplicate") or "")
    main = parse_tracking_code(_field(form, "main") or "")
    if duplicate is None or main is None or code not in (duplicate, main):
        raise FormError(t("rp_err_merge_code"))
    return await a.merge(actor, duplicate, main)


async def _unmerge(a: StaffActions, actor: StaffActor, code: str, form: Form) -> ActionResult:
    return await a.unmerge(actor, code)


ACTIONS: dict[str, Action] = {
    "tiep-nhan": _accept,
    "trang-thai": _set_status,
    "sua": _correct,
    "giao": _assign,
    "han": _deadline_action,
    "tra-loi": _reply,
    "hoi": _ask,
    "ghi-chu": _note,
    "gop": _merge,
    "tach": _unmerge,
    "giao-can-bo": _assign_officer,
}
EMAIL_KINDS = {"tra-loi": "reply", "hoi": "question"}  # actions that may also e-mail


MESSAGE_ACTIONS = frozenset({"tra-loi", "hoi"})  # actions whose whole point is a message


def _outcome(name: str, result: ActionResult) -> tuple[str, str]:
    if result.unreachable and name in MESSAGE_ACTIONS:  # nothing was sent: never say «sent»
        return "ok", t("rp_saved_open311", code=result.code)
    done = t(f"rp_ok_{name.replace('-', '_')}", code=result.code)
    if result.unreachable:
        return "ok", done + " " + t("rp_open311_not_told")
    if result.notified is False:
        return "error", done + " " + t("rp_notify_failed", error=result.error or "")
    if result.notified:
        return "ok", done + " " + t("rp_notified")
    return "ok", done


async def _email(
    a: StaffActions, actor: StaffActor, code: str, name: str, form: Form, done: str
) -> tuple[str, str]:
    """E-mail the reply or question to the Open311 requester after it was stored."""
    try:
        mail = await a.email_requester(actor, code, EMAIL_KINDS[name], _field(form, "text") or "")
    except ActionError as exc:
        return "error", done + " " + str(exc)
    if mail.sent:
        return "ok", done + " " + t("rq_email_sent", to=mail.to)
    return "error", done + " " + t("rq_email_failed", to=mail.to, error=mail.error or "")


@require(can_triage)
async def run_action(request: web.Request) -> web.StreamResponse:
    """Run the named action on the report and go back to its page."""
    actor = actor_of_request(request)
    code, name = request.match_info["code"], request.match_info["action"]
    action = ACTIONS.get(name)
    if action is None:
        return not_found(request)
    form = await request.post()
    try:
        kind, text = _outcome(name, await action(request.app[STAFF_ACTIONS], actor, code, form))
        if name == "han":
            sla = request.app.get(SLA)
            text += _deadline_warnings(form, sla.calendar if sla else WorkingCalendar())
        if name in EMAIL_KINDS and _field(form, "email") == "1":
            kind, text = await _email(request.app[STAFF_ACTIONS], actor, code, name, form, text)
    except ActionError as exc:
        if exc.key == "action_report_not_found":
            return not_found(request)
        kind, text = "error", str(exc)
    except InvalidTransition as exc:
        kind, text = (
            "error",
            t(
                "action_invalid_transition",
                current=status_label(exc.current),
                target=status_label(exc.target),
            ),
        )
    except FormError as exc:
        kind, text = "error", str(exc)
    if kind == "error":
        log.info("staff action %s on %s by %s refused: %s", name, code, actor.username, text)
    redirect = web.HTTPSeeOther(f"/phan-anh/{code}")
    set_flash(redirect, kind, text)
    raise redirect
