"""Logging in and out: lockout, server-side sessions, the session cookie.

The cookie holds a random token; the database keeps only its SHA-256 (``staff_sessions.id``), so a
leaked database does not give working sessions. Sessions last ``STAFF_SESSION_HOURS`` from login
(fixed, not sliding) and logout deletes the row.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiohttp import web

from dashboard.auth.passwords import hash_password, verify_dummy, verify_password
from dashboard.keys import DATABASE, STAFF_CONFIG
from dashboard.staff_config import StaffConfig
from domain.roles import Role, StaffActor, parse_role
from storage.models import StaffUser
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

SESSION_COOKIE = "phananh_staff"
LOGIN_CSRF_COOKIE = "phananh_login_csrf"
CHALLENGE_COOKIE = "phananh_login_code"  # a login waiting for its second factor
CHALLENGE_LIFETIME = timedelta(minutes=5)
# Set on requests of administrators who have not turned two-factor login on (the layout asks).
TOTP_PROMPT = web.RequestKey("totp_prompt", bool)


def token_hash(token: str) -> str:
    """What the database stores for a cookie token."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """A fresh random token (cookie value, CSRF token)."""
    return secrets.token_urlsafe(32)


def client_ip(request: web.Request) -> str | None:
    """The peer's address (the service is expected behind a proxy on the same host or none)."""
    return request.remote


def is_https(request: web.Request) -> bool:
    """Whether the browser talks HTTPS to us (directly or through a proxy that says so)."""
    return request.secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def set_cookie(
    request: web.Request, response: web.StreamResponse, name: str, value: str, max_age: int | None
) -> None:
    """An HttpOnly, SameSite=Lax cookie for the whole site; Secure over HTTPS."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="Lax",
        secure=is_https(request),
    )


def actor_of(user: StaffUser, ip: str | None) -> StaffActor:
    """The request's actor for this account."""
    return StaffActor(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        role=parse_role(user.role) or Role.LANH_DAO,
        communes=tuple(str(code) for code in user.communes or ()),
        ip=ip,
    )


@dataclass(frozen=True)
class LoginResult:
    """A successful login: who, and the cookie token to give the browser.

    ``pending``: the password was right but the account has two-factor login; the token is then
    that of the login waiting for its code (``CHALLENGE_COOKIE``), not a session.
    """

    actor: StaffActor
    token: str
    pending: bool = False


async def start_session(
    uow: UnitOfWork, user: StaffUser, config: StaffConfig, now: datetime
) -> str:
    """Store a new session for the account; returns the cookie token (caller commits)."""
    await uow.staff.delete_expired_sessions(now)  # housekeeping, cheap and rare enough here
    token = new_token()
    await uow.staff.add_session(
        token_hash(token), user.id, new_token(), now, now + config.session_lifetime
    )
    return token


async def authenticate(
    request: web.Request, username: str, password: str, next_path: str | None = None
) -> LoginResult | None:
    """Check the credentials, apply the lockout, record the attempt; None when refused."""
    config: StaffConfig = request.app[STAFF_CONFIG]
    ip = client_ip(request)
    username = username.strip().lower()[:64]
    async with request.app[DATABASE].uow() as uow:
        repo = uow.staff
        user = await repo.by_username(username)
        now = config.clock()
        if user is None or not user.active:
            await verify_dummy(password)
            reason = "unknown" if user is None else "inactive"
            await refuse(uow, username, reason, ip)
            return None
        if user.locked_until is not None and user.locked_until > now:
            await verify_dummy(password)
            await refuse(uow, username, "locked", ip)
            return None
        matches, needs_rehash = await verify_password(user.password_hash, password)
        if not matches:
            user.failed_logins = (user.failed_logins or 0) + 1
            locked = user.failed_logins >= config.lockout_attempts
            if locked:
                user.locked_until = now + config.lockout
                user.failed_logins = 0
            await refuse(uow, username, "password", ip, locked=locked)
            return None
        if needs_rehash:
            user.password_hash = await hash_password(password)
        actor = actor_of(user, ip)
        # With two-factor login the failure count is reset only once the code is right, so
        # wrong codes add up across logins to the lockout instead of starting again each time.
        if await uow.staff_2fa.enabled(user.id):
            token = new_token()
            await uow.staff_2fa.add_challenge(
                token_hash(token), user.id, next_path, now, now + CHALLENGE_LIFETIME
            )
            await uow.commit()
            log.info("staff login waits for its code: %s", username)
            return LoginResult(actor=actor, token=token, pending=True)
        user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
        token = await start_session(uow, user, config, now)
        await uow.audit.record(user.username, "login", user.username, {}, ip)
        await uow.commit()
    log.info("staff login: %s", username)
    return LoginResult(actor=actor, token=token)


async def refuse(
    uow: UnitOfWork, username: str, reason: str, ip: str | None, *, locked: bool = False
) -> None:
    details: dict[str, object] = {"reason": reason}
    if locked:
        details["locked"] = True
    await uow.audit.record(username or "-", "login_failed", username or None, details, ip)
    await uow.commit()
    log.info("staff login refused: %s (%s)", username, reason)


async def record_throttled(request: web.Request, username: str, ip: str | None) -> None:
    """Audit a login refused because its address failed too often (the password is not tried)."""
    name = username.strip().lower()[:64]
    async with request.app[DATABASE].uow() as uow:
        await refuse(uow, name, "address_throttled", ip)


async def logout(request: web.Request, actor: StaffActor | None) -> None:
    """Delete this browser's session and record it."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return
    async with request.app[DATABASE].uow() as uow:
        await uow.staff.delete_session(token_hash(token))
        if actor is not None:
            await uow.audit.record(actor.username, "logout", actor.username, {}, actor.ip)
        await uow.commit()


async def load_session(request: web.Request, token: str) -> tuple[StaffActor, str] | None:
    """The actor and CSRF token of a valid session cookie."""
    config = request.app[STAFF_CONFIG]
    async with request.app[DATABASE].uow() as uow:
        found = await uow.staff.session_with_user(token_hash(token), config.clock())
        if found is None:
            return None
        session, user = found
        if user.role == Role.ADMIN:
            request[TOTP_PROMPT] = not await uow.staff_2fa.enabled(user.id)
        return actor_of(user, client_ip(request)), session.csrf_token
