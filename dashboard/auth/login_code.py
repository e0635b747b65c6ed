"""``/dang-nhap/ma-xac-thuc``: the second step of login for accounts with two-factor login.

The password step leaves a pending login (``CHALLENGE_COOKIE``, five minutes). A wrong code
counts like a wrong password: against the address (``LoginThrottle``) and against the
account's lockout; after ``STAFF_LOCKOUT_ATTEMPTS`` wrong codes the pending login is dropped
and the password must be typed again.
"""

from __future__ import annotations

import logging
from datetime import datetime

from aiohttp import web

from dashboard.auth.access import LOGIN_PATH, see_other
from dashboard.auth.login import CODE_PATH, home_of
from dashboard.auth.render import render
from dashboard.auth.sessions import (
    CHALLENGE_COOKIE,
    SESSION_COOKIE,
    actor_of,
    client_ip,
    refuse,
    set_cookie,
    start_session,
    token_hash,
)
from dashboard.auth.two_factor import (
    clean_code,
    looks_like_totp,
    matching_recovery_code,
    matching_step,
)
from dashboard.keys import DATABASE, LOGIN_THROTTLE, STAFF_CONFIG
from domain.catalogue import t
from storage.models import StaffUser
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


def _form(request: web.Request, *, error: str | None = None, status: int = 200) -> web.Response:
    return render(request, "login_code.html", {"error": error}, status=status)


def _back_to_login(info: str) -> web.Response:
    response = see_other(f"{LOGIN_PATH}?ma={info}")
    response.del_cookie(CHALLENGE_COOKIE, path="/")
    return response


async def code_page(request: web.Request) -> web.StreamResponse:
    """The code form, while a pending login is alive."""
    token = request.cookies.get(CHALLENGE_COOKIE)
    config = request.app[STAFF_CONFIG]
    async with request.app[DATABASE].uow() as uow:
        found = await uow.staff_2fa.challenge(token_hash(token), config.clock()) if token else None
    if found is None:
        return _back_to_login("het-han")
    return _form(request)


async def _check(uow: UnitOfWork, user: StaffUser, code: str, now: datetime) -> str | None:
    """Check the code; the factor used ("totp", "recovery") or None (replays included)."""
    totp = await uow.staff_2fa.totp_of(user.id)
    if totp is None or totp.confirmed_at is None:
        return None
    if looks_like_totp(code):
        step = matching_step(totp.secret, code, now)
        if step is not None and await uow.staff_2fa.accept_step(user.id, step):
            return "totp"
        return None
    stored = await uow.staff_2fa.unused_recovery_codes(user.id)
    row = await matching_recovery_code(stored, code)
    if row is not None and await uow.staff_2fa.use_recovery_code(row.id, now):
        return "recovery"
    return None


async def code_submit(request: web.Request) -> web.StreamResponse:
    """Check the code; on success the session starts as after a password-only login."""
    config, throttle = request.app[STAFF_CONFIG], request.app[LOGIN_THROTTLE]
    ip, now = client_ip(request), config.clock()
    token = request.cookies.get(CHALLENGE_COOKIE)
    if not token:
        return _back_to_login("het-han")
    if throttle.blocked(ip, now, config.address_attempts, config.address_window):
        message = t("login_throttled", minutes=f"{config.address_window_minutes:g}")
        return _form(request, error=message, status=429)
    code = clean_code(str((await request.post()).get("code") or ""))
    async with request.app[DATABASE].uow() as uow:
        found = await uow.staff_2fa.challenge(token_hash(token), now)
        if found is None:
            return _back_to_login("het-han")
        challenge, user = found
        factor = await _check(uow, user, code, now) if code else None
        if factor is None:
            throttle.record_failure(ip, now, config.address_window)
            challenge.failures += 1
            user.failed_logins = (user.failed_logins or 0) + 1
            locked = user.failed_logins >= config.lockout_attempts
            if locked:
                user.locked_until, user.failed_logins = now + config.lockout, 0
            dropped = locked or challenge.failures >= config.lockout_attempts
            if dropped:
                await uow.staff_2fa.delete_challenge(challenge.id)
            await refuse(uow, user.username, "code", ip, locked=locked)
            if dropped:
                return _back_to_login("sai-nhieu-lan")
            return _form(request, error=t("account_code_wrong"), status=401)
        await uow.staff_2fa.delete_challenge(challenge.id)
        user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
        session_token = await start_session(uow, user, config, now)
        details: dict[str, object] = {"second_factor": factor}
        if factor == "recovery":
            details["recovery_codes_left"] = len(await uow.staff_2fa.unused_recovery_codes(user.id))
        await uow.audit.record(user.username, "login", user.username, details, ip)
        next_path, actor = challenge.next_path, actor_of(user, ip)
        await uow.commit()
    log.info("staff login with %s: %s", factor, user.username)
    response = see_other(next_path or home_of(actor))
    set_cookie(
        request,
        response,
        SESSION_COOKIE,
        session_token,
        max_age=int(config.session_lifetime.total_seconds()),
    )
    response.del_cookie(CHALLENGE_COOKIE, path="/")
    return response


def setup(app: web.Application) -> None:
    """Register the second login step."""
    app.router.add_get(CODE_PATH, code_page)
    app.router.add_post(CODE_PATH, code_submit)
