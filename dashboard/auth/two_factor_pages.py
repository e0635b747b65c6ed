"""``/tai-khoan/hai-buoc``: administrators turn two-factor login (TOTP) on and off.

Turning it on: the page keeps an unconfirmed secret and shows it as a QR code and as text;
a first good code confirms it, and the ten recovery codes are shown once (only their hashes
are kept). It is not forced: administrators without it see a prompt on every page. An
administrator can reset another administrator's two-factor login (a lost phone); the reset is
audited and that account logs in with its password alone until it turns it on again.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from aiohttp import web

from dashboard.auth.access import actor_of_request, require_role, see_other
from dashboard.auth.passwords import verify_password
from dashboard.auth.render import render
from dashboard.auth.sessions import client_ip
from dashboard.auth.two_factor import (
    clean_code,
    grouped_secret,
    hash_recovery_codes,
    matching_step,
    new_recovery_codes,
    new_secret,
    provisioning_uri,
    qr_svg,
)
from dashboard.keys import DATABASE, LOGIN_THROTTLE, STAFF_CONFIG
from dashboard.security import id_param
from domain.catalogue import t
from domain.roles import Role, StaffActor
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

TWO_FACTOR_PATH = "/tai-khoan/hai-buoc"
MAX_FIELD = 1024


async def _context(uow: UnitOfWork, actor: StaffActor, now: datetime) -> dict[str, Any]:
    """What the page shows: the enrolment (secret, QR code) or the state, and other admins."""
    totp = await uow.staff_2fa.totp_of(actor.id)
    enabled = totp is not None and totp.confirmed_at is not None
    context: dict[str, Any] = {"enabled": enabled, "error": None, "done": None, "codes": None}
    if enabled:
        context["codes_left"] = len(await uow.staff_2fa.unused_recovery_codes(actor.id))
    else:
        if totp is None:
            totp = await uow.staff_2fa.start_enrolment(actor.id, new_secret(), now)
            await uow.commit()
        uri = provisioning_uri(totp.secret, actor.username, t("account_totp_issuer"))
        context.update(secret=grouped_secret(totp.secret), uri=uri, qr=qr_svg(uri))
    # Any other account with two-factor login (an administrator since moved to another role
    # keeps it and cannot open this page any more).
    others = [u for u in await uow.staff.all() if u.id != actor.id]
    with_2fa = await uow.staff_2fa.enabled_among(u.id for u in others)
    context["others"] = [
        {"id": u.id, "username": u.username, "name": u.full_name or u.username}
        for u in others
        if u.id in with_2fa
    ]
    return context


async def _page(request: web.Request, status: int = 200, **overrides: object) -> web.StreamResponse:
    actor = actor_of_request(request)
    now = request.app[STAFF_CONFIG].clock()
    async with request.app[DATABASE].uow() as uow:
        context = await _context(uow, actor, now)
    context.update(overrides)
    return render(request, "account_two_factor.html", context, status=status)


@require_role(Role.ADMIN)
async def two_factor_page(request: web.Request) -> web.StreamResponse:
    """Enrolment, or the state of two-factor login with its actions."""
    return await _page(request)


def _throttled(request: web.Request) -> bool:
    config = request.app[STAFF_CONFIG]
    return request.app[LOGIN_THROTTLE].blocked(
        client_ip(request), config.clock(), config.address_attempts, config.address_window
    )


def _count_failure(request: web.Request) -> None:
    config = request.app[STAFF_CONFIG]
    request.app[LOGIN_THROTTLE].record_failure(
        client_ip(request), config.clock(), config.address_window
    )


async def _field(request: web.Request, name: str) -> str:
    return str((await request.post()).get(name) or "")[:MAX_FIELD]


@require_role(Role.ADMIN)
async def enable(request: web.Request) -> web.StreamResponse:
    """Confirm the secret with a first code; show the recovery codes once."""
    actor = actor_of_request(request)
    if _throttled(request):
        return await _page(request, 429, error=t("account_code_throttled"))
    code = clean_code(await _field(request, "code"))
    now = request.app[STAFF_CONFIG].clock()
    async with request.app[DATABASE].uow() as uow:
        totp = await uow.staff_2fa.totp_of(actor.id)
        if totp is None or totp.confirmed_at is not None:
            return see_other(TWO_FACTOR_PATH)
        step = matching_step(totp.secret, code, now)
        if step is None:
            _count_failure(request)
            return await _page(request, 400, error=t("account_code_wrong"))
        codes = new_recovery_codes()
        if not await uow.staff_2fa.confirm(actor.id, step, now, await hash_recovery_codes(codes)):
            return see_other(TWO_FACTOR_PATH)
        await uow.audit.record(actor.username, "totp_enabled", actor.username, {}, actor.ip)
        await uow.commit()
    log.info("two-factor login on: %s", actor.username)
    return await _page(request, done=t("account_totp_enabled"), codes=codes)


@require_role(Role.ADMIN)
async def new_codes(request: web.Request) -> web.StreamResponse:
    """Replace the recovery codes (a current code from the app is required)."""
    actor = actor_of_request(request)
    if _throttled(request):
        return await _page(request, 429, error=t("account_code_throttled"))
    code = clean_code(await _field(request, "code"))
    now = request.app[STAFF_CONFIG].clock()
    async with request.app[DATABASE].uow() as uow:
        totp = await uow.staff_2fa.totp_of(actor.id)
        if totp is None or totp.confirmed_at is None:
            return see_other(TWO_FACTOR_PATH)
        step = matching_step(totp.secret, code, now)
        if step is None or not await uow.staff_2fa.accept_step(actor.id, step):
            _count_failure(request)
            return await _page(request, 400, error=t("account_code_wrong"))
        codes = new_recovery_codes()
        await uow.staff_2fa.replace_recovery_codes(actor.id, await hash_recovery_codes(codes), now)
        await uow.audit.record(actor.username, "recovery_codes_new", actor.username, {}, actor.ip)
        await uow.commit()
    return await _page(request, done=t("account_recovery_new"), codes=codes)


@require_role(Role.ADMIN)
async def disable(request: web.Request) -> web.StreamResponse:
    """Turn one's own two-factor login off (the password is asked again)."""
    actor = actor_of_request(request)
    if _throttled(request):
        return await _page(request, 429, error=t("account_code_throttled"))
    password = await _field(request, "password")
    async with request.app[DATABASE].uow() as uow:
        user = await uow.staff.get(actor.id)
        matches = user is not None and (await verify_password(user.password_hash, password))[0]
        if not matches:
            _count_failure(request)
            return await _page(request, 400, error=t("account_pw_current_wrong"))
        await uow.staff_2fa.disable(actor.id)
        await uow.audit.record(actor.username, "totp_disabled", actor.username, {}, actor.ip)
        await uow.commit()
    log.info("two-factor login off: %s", actor.username)
    return await _page(request, done=t("account_totp_disabled"))


@require_role(Role.ADMIN)
async def reset_other(request: web.Request) -> web.StreamResponse:
    """Reset another account's two-factor login (lost phone, no recovery codes)."""
    actor = actor_of_request(request)
    user_id = int(request.match_info["user_id"])
    async with request.app[DATABASE].uow() as uow:
        user = await uow.staff.get(user_id)
        if user is None or user.id == actor.id:
            return await _page(request, 404, error=t("account_reset_unknown"))
        if not await uow.staff_2fa.disable(user.id):
            return await _page(request, 404, error=t("account_reset_unknown"))
        await uow.audit.record(actor.username, "totp_reset", user.username, {}, actor.ip)
        await uow.commit()
    log.info("two-factor login of %s reset by %s", user.username, actor.username)
    return await _page(request, done=t("account_reset_done", username=user.username))


def setup(app: web.Application) -> None:
    """Register the two-factor pages."""
    app.router.add_get(TWO_FACTOR_PATH, two_factor_page)
    app.router.add_post(TWO_FACTOR_PATH + "/bat", enable)
    app.router.add_post(TWO_FACTOR_PATH + "/ma-khoi-phuc", new_codes)
    app.router.add_post(TWO_FACTOR_PATH + "/tat", disable)
    app.router.add_post(TWO_FACTOR_PATH + f"/dat-lai/{id_param('user_id')}", reset_other)
