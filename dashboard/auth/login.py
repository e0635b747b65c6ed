"""``/dang-nhap`` (login form) and ``/dang-xuat`` (logout, POST)."""

from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import web

from dashboard.auth.access import LOGIN_PATH, current_actor, see_other
from dashboard.auth.render import render
from dashboard.auth.sessions import (
    CHALLENGE_COOKIE,
    CHALLENGE_LIFETIME,
    SESSION_COOKIE,
    authenticate,
    client_ip,
    logout,
    record_throttled,
    set_cookie,
)
from dashboard.keys import LOGIN_THROTTLE, STAFF_CONFIG
from domain.catalogue import t
from domain.roles import ROLE_HOME, StaffActor

MAX_PASSWORD = 1024
CODE_PATH = LOGIN_PATH + "/ma-xac-thuc"
# Why the code step sent the browser back (fixed keys: the page never shows query text).
CODE_NOTICES = {"het-han": "account_code_expired", "sai-nhieu-lan": "account_code_too_many"}


def safe_next(value: object) -> str | None:
    """A local path to go back to after login; anything pointing elsewhere is dropped."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return None
    if "\\" in value or any(ord(ch) < 32 for ch in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path.startswith(LOGIN_PATH):
        return None
    return value


def home_of(actor: StaffActor) -> str:
    """Where this actor lands after login."""
    return ROLE_HOME.get(actor.role, "/")


def _form(
    request: web.Request,
    *,
    error: str | None = None,
    info: str | None = None,
    username: str = "",
    next_path: str | None = None,
    status: int = 200,
) -> web.Response:
    return render(
        request,
        "login.html",
        {"error": error, "info": info, "username": username, "next": next_path or ""},
        status=status,
    )


async def login_page(request: web.Request) -> web.StreamResponse:
    """The login form (logged-in staff go straight on)."""
    next_path = safe_next(request.query.get("next"))
    actor = current_actor(request)
    if actor is not None:
        return see_other(next_path or home_of(actor))
    info = t("login_logged_out") if request.query.get("da_dang_xuat") else None
    code_notice = CODE_NOTICES.get(request.query.get("ma", ""))
    if code_notice:
        info = t(code_notice)
    if info is None and next_path:
        info = t("login_expired")
    return _form(request, info=info, next_path=next_path)


async def login_submit(request: web.Request) -> web.StreamResponse:
    """Check the credentials; on success set the session cookie and redirect."""
    form = await request.post()
    username = str(form.get("username") or "")[:64]
    password = str(form.get("password") or "")[:MAX_PASSWORD]
    next_path = safe_next(form.get("next"))
    if not username.strip() or not password:
        return _form(
            request, error=t("login_missing"), username=username, next_path=next_path, status=400
        )
    config, throttle, ip = (
        request.app[STAFF_CONFIG],
        request.app[LOGIN_THROTTLE],
        client_ip(request),
    )
    if throttle.blocked(ip, config.clock(), config.address_attempts, config.address_window):
        await record_throttled(request, username, ip)
        message = t("login_throttled", minutes=f"{config.address_window_minutes:g}")
        return _form(request, error=message, username=username, next_path=next_path, status=429)
    result = await authenticate(request, username, password, next_path)
    if result is None:
        throttle.record_failure(ip, config.clock(), config.address_window)
        message = t(
            "login_failed", attempts=config.lockout_attempts, minutes=f"{config.lockout_minutes:g}"
        )
        return _form(request, error=message, username=username, next_path=next_path, status=401)
    if result.pending:  # the password was right; the second factor comes next
        response = see_other(CODE_PATH)
        max_age = int(CHALLENGE_LIFETIME.total_seconds())
        set_cookie(request, response, CHALLENGE_COOKIE, result.token, max_age=max_age)
        return response
    response = see_other(next_path or home_of(result.actor))
    max_age = int(request.app[STAFF_CONFIG].session_lifetime.total_seconds())
    set_cookie(request, response, SESSION_COOKIE, result.token, max_age=max_age)
    return response


async def logout_submit(request: web.Request) -> web.StreamResponse:
    """End the session (CSRF-checked like every POST) and go back to the login page."""
    await logout(request, current_actor(request))
    response = see_other(LOGIN_PATH + "?da_dang_xuat=1")
    response.del_cookie(SESSION_COOKIE, path="/")
    return response


def setup(app: web.Application) -> None:
    """Register the login and logout routes."""
    app.router.add_get(LOGIN_PATH, login_page)
    app.router.add_post(LOGIN_PATH, login_submit)
    app.router.add_post("/dang-xuat", logout_submit)
