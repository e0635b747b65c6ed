"""``/tai-khoan``: one's own account, and ``/tai-khoan/mat-khau``: changing one's password.

Every staff role may change its own password: the current one, then the new one twice, checked
by the password policy. The other sessions of the account end (someone who learnt the old
password is logged out); this browser stays logged in. A wrong current password counts against
the address like a failed login, so a stolen session cannot be used to guess it.
"""

from __future__ import annotations

import logging

from aiohttp import web

from dashboard.auth.access import actor_of_request, require_role
from dashboard.auth.password_policy import password_problem
from dashboard.auth.passwords import hash_password, verify_password
from dashboard.auth.render import render
from dashboard.auth.sessions import SESSION_COOKIE, client_ip, token_hash
from dashboard.keys import DATABASE, LOGIN_THROTTLE, STAFF_CONFIG
from dashboard.staff_config import MIN_PASSWORD_LENGTH
from domain.catalogue import t
from domain.roles import Role

log = logging.getLogger(__name__)

ACCOUNT_PATH = "/tai-khoan"
PASSWORD_PATH = ACCOUNT_PATH + "/mat-khau"
MAX_PASSWORD = 1024


@require_role()
async def account_page(request: web.Request) -> web.StreamResponse:
    """Who is logged in, with links to change the password and (admins) two-factor login."""
    actor = actor_of_request(request)
    two_factor: bool | None = None
    if actor.role == Role.ADMIN:
        async with request.app[DATABASE].uow() as uow:
            two_factor = await uow.staff_2fa.enabled(actor.id)
    return render(request, "account.html", {"two_factor": two_factor})


def _password_form(
    request: web.Request, *, error: str | None = None, done: str | None = None, status: int = 200
) -> web.Response:
    context = {"error": error, "done": done, "min": MIN_PASSWORD_LENGTH}
    return render(request, "account_password.html", context, status=status)


@require_role()
async def password_page(request: web.Request) -> web.StreamResponse:
    """The password change form."""
    return _password_form(request)


@require_role()
async def password_submit(request: web.Request) -> web.StreamResponse:
    """Check the current password and the new one; store it and end the other sessions."""
    actor = actor_of_request(request)
    form = await request.post()
    current = str(form.get("current") or "")[:MAX_PASSWORD]
    new = str(form.get("new") or "")[:MAX_PASSWORD]
    again = str(form.get("again") or "")[:MAX_PASSWORD]
    config, throttle, ip = (
        request.app[STAFF_CONFIG],
        request.app[LOGIN_THROTTLE],
        client_ip(request),
    )
    now = config.clock()
    if throttle.blocked(ip, now, config.address_attempts, config.address_window):
        message = t("login_throttled", minutes=f"{config.address_window_minutes:g}")
        return _password_form(request, error=message, status=429)
    if not current or not new:
        return _password_form(request, error=t("account_pw_missing"), status=400)
    async with request.app[DATABASE].uow() as uow:
        user = await uow.staff.get(actor.id)
        if user is None:
            return _password_form(request, error=t("error_unauthorized"), status=401)
        matches, _ = await verify_password(user.password_hash, current)
        if not matches:
            throttle.record_failure(ip, now, config.address_window)
            details = {"reason": "current_password"}
            await uow.audit.record(actor.username, "password_change_failed", None, details, ip)
            await uow.commit()
            return _password_form(request, error=t("account_pw_current_wrong"), status=400)
        problem = _new_password_problem(current, new, again, user.username)
        if problem is not None:
            return _password_form(request, error=problem, status=400)
        user.password_hash = await hash_password(new)
        cookie = request.cookies.get(SESSION_COOKIE)
        ended = await uow.staff.delete_other_sessions(
            user.id, token_hash(cookie) if cookie else None
        )
        await uow.audit.record(
            actor.username, "password_changed", actor.username, {"sessions_ended": ended}, ip
        )
        await uow.commit()
    log.info("staff password changed: %s (%d other sessions ended)", actor.username, ended)
    return _password_form(request, done=t("account_pw_done", sessions=ended))


def _new_password_problem(current: str, new: str, again: str, username: str) -> str | None:
    if new != again:
        return t("account_pw_mismatch")
    if new == current:
        return t("account_pw_same")
    problem = password_problem(new, username)
    return t(problem, min=MIN_PASSWORD_LENGTH) if problem is not None else None


def setup(app: web.Application) -> None:
    """Register the account pages."""
    app.router.add_get(ACCOUNT_PATH, account_page)
    app.router.add_get(PASSWORD_PATH, password_page)
    app.router.add_post(PASSWORD_PATH, password_submit)
