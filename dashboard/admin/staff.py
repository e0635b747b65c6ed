"""``/quan-tri/can-bo``: list, create and change staff accounts (admins only, audited)."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web
from multidict import MultiDictProxy

from dashboard.auth import actor_of_request, render, require, see_other
from dashboard.auth.accounts import (
    StaffError,
    clean_communes,
    clean_full_name,
    clean_password,
    clean_role,
    create_staff,
    ward_names,
    wards,
)
from dashboard.auth.passwords import hash_password
from dashboard.flash import Flash
from dashboard.keys import DATABASE, STAFF_CONFIG
from dashboard.security import id_param
from dashboard.staff_config import MIN_PASSWORD_LENGTH
from domain.catalogue import t
from domain.roles import Role, StaffActor, can_manage_staff
from storage.models import StaffUser
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

PATH = "/quan-tri/can-bo"
USER_ID = id_param("user_id")
# The message after a change comes from a cookie the server set, never from the URL, so a
# crafted link cannot make the page say something of the sender's choosing.
STAFF_FLASH = Flash(cookie="staff_flash", path=PATH)
FLASH_KEYS = {
    "created": "staff_ok_created",
    "updated": "staff_ok_updated",
    "deactivated": "staff_ok_deactivated",
    "activated": "staff_ok_activated",
    "password": "staff_ok_password",
}
Form = MultiDictProxy[str | bytes | bytearray | web.FileField]


def _text(form: Form, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _communes(form: Form) -> list[str]:
    return [value for value in form.getall("communes", []) if isinstance(value, str)]


def _done(flash: str, username: str) -> web.Response:
    response = see_other(PATH)
    STAFF_FLASH.set(response, "ok", t(FLASH_KEYS[flash], username=username))
    return response


def _row(user: StaffUser) -> dict[str, Any]:
    """A detached snapshot of an account for the template."""
    return {
        "id": user.id,
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "communes": list(user.communes or ()),
        "active": user.active,
        "locked_until": user.locked_until,
        "last_login_at": user.last_login_at,
    }


async def _page(
    request: web.Request,
    *,
    error: str | None = None,
    form: dict[str, Any] | None = None,
    status: int = 200,
) -> web.Response:
    async with request.app[DATABASE].uow() as uow:
        users = [_row(user) for user in await uow.staff.all()]
    message = STAFF_FLASH.read(request)
    flash = message["text"] if message and message["kind"] == "ok" else None
    response = render(
        request,
        "admin_staff.html",
        {
            "users": users,
            "roles": list(Role),
            "wards": wards(),
            "ward_names": ward_names(),
            "now": request.app[STAFF_CONFIG].clock(),
            "flash": flash,
            "error": error,
            "form": form or {},
            "min_password": MIN_PASSWORD_LENGTH,
        },
        status=status,
    )
    STAFF_FLASH.forget(request, response)
    return response


@require(can_manage_staff)
async def staff_page(request: web.Request) -> web.StreamResponse:
    """Every account with its forms."""
    return await _page(request)


@require(can_manage_staff)
async def create(request: web.Request) -> web.StreamResponse:
    """Add an account from the form."""
    actor = actor_of_request(request)
    form = await request.post()
    values: dict[str, Any] = {
        "username": _text(form, "username"),
        "full_name": _text(form, "full_name"),
        "role": _text(form, "role"),
        "communes": _communes(form),
    }
    try:
        async with request.app[DATABASE].uow() as uow:
            user = await create_staff(
                uow.staff,
                username=values["username"],
                password=_text(form, "password"),
                role=values["role"],
                full_name=values["full_name"],
                communes=values["communes"],
            )
            details = {"role": user.role, "communes": user.communes, "full_name": user.full_name}
            await uow.audit.record(
                actor.username, "staff_created", user.username, details, actor.ip
            )
            await uow.commit()
    except StaffError as exc:
        log.info("staff create refused: %s", exc.key)
        return await _page(request, error=exc.message, form=values, status=400)
    return _done("created", user.username)


async def _target(uow: UnitOfWork, request: web.Request) -> StaffUser:
    try:
        user_id = int(request.match_info["user_id"])
    except ValueError:
        user_id = 0
    user = await uow.staff.get(user_id)
    if user is None:
        raise StaffError("staff_not_found")
    return user


def _check_not_self(actor: StaffActor, user: StaffUser) -> None:
    if user.id == actor.id:
        raise StaffError("staff_err_self")


@require(can_manage_staff)
async def update(request: web.Request) -> web.StreamResponse:
    """Change full name, role and communes."""
    actor = actor_of_request(request)
    form = await request.post()
    try:
        async with request.app[DATABASE].uow() as uow:
            user = await _target(uow, request)
            role = clean_role(_text(form, "role")).value
            if role != user.role:
                _check_not_self(actor, user)
            new = {
                "full_name": clean_full_name(_text(form, "full_name")),
                "role": role,
                "communes": clean_communes(_communes(form)),
            }
            changes = {k: [getattr(user, k), v] for k, v in new.items() if getattr(user, k) != v}
            for key, value in new.items():
                setattr(user, key, value)
            await uow.audit.record(
                actor.username, "staff_updated", user.username, changes, actor.ip
            )
            await uow.commit()
    except StaffError as exc:
        return await _page(request, error=exc.message, status=400)
    return _done("updated", user.username)


@require(can_manage_staff)
async def set_active(request: web.Request) -> web.StreamResponse:
    """Deactivate (ends the account's sessions) or reactivate (clears the lockout)."""
    actor = actor_of_request(request)
    form = await request.post()
    active = _text(form, "active") == "1"
    try:
        async with request.app[DATABASE].uow() as uow:
            user = await _target(uow, request)
            _check_not_self(actor, user)
            user.active = active
            if active:
                user.failed_logins, user.locked_until = 0, None
            else:
                await uow.staff.delete_sessions_of(user.id)
            action = "staff_activated" if active else "staff_deactivated"
            await uow.audit.record(actor.username, action, user.username, {}, actor.ip)
            await uow.commit()
    except StaffError as exc:
        return await _page(request, error=exc.message, status=400)
    return _done("activated" if active else "deactivated", user.username)


@require(can_manage_staff)
async def reset_password(request: web.Request) -> web.StreamResponse:
    """Set a new password, clear the lockout and end the account's sessions."""
    actor = actor_of_request(request)
    form = await request.post()
    try:
        async with request.app[DATABASE].uow() as uow:
            user = await _target(uow, request)
            password = clean_password(_text(form, "password"), user.username)
            user.password_hash = await hash_password(password)
            user.failed_logins, user.locked_until = 0, None
            await uow.staff.delete_sessions_of(user.id)
            await uow.audit.record(actor.username, "password_reset", user.username, {}, actor.ip)
            await uow.commit()
    except StaffError as exc:
        return await _page(request, error=exc.message, status=400)
    return _done("password", user.username)


def setup(app: web.Application) -> None:
    """Register the staff management routes."""
    app.router.add_get(PATH, staff_page)
    app.router.add_post(PATH, create)
    app.router.add_post(PATH + f"/{USER_ID}/sua", update)
    app.router.add_post(PATH + f"/{USER_ID}/trang-thai", set_active)
    app.router.add_post(PATH + f"/{USER_ID}/mat-khau", reset_password)
