"""The staff middleware: who is logged in, and CSRF protection of every state-changing request.

Any POST/PUT/PATCH/DELETE must carry the CSRF token (form field ``csrf_token`` or header
``X-CSRF-Token``) unless its path starts with one of ``csrf_exempt_prefixes`` (machine APIs with
their own authentication). Logged-in browsers use their session's token; anonymous ones (the login
form) a token kept in a separate cookie (double submit).
"""

from __future__ import annotations

import logging
import secrets
import warnings

import aiohttp_jinja2
from aiohttp import web
from aiohttp.typedefs import Handler

from dashboard.auth.render import NEW_LOGIN_CSRF, error_page, page_context
from dashboard.auth.sessions import LOGIN_CSRF_COOKIE, SESSION_COOKIE, load_session, new_token
from dashboard.keys import CSRF_TOKEN, STAFF_ACTOR

log = logging.getLogger(__name__)

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})

# Paths whose unsafe requests are not checked (they authenticate otherwise). Add with csrf_exempt.
csrf_exempt_prefixes: list[str] = ["/open311/", "/telegram/webhook", "/chat/api/"]


def csrf_exempt(prefix: str) -> None:
    """Exempt every path starting with ``prefix`` from the CSRF check."""
    if prefix not in csrf_exempt_prefixes:
        csrf_exempt_prefixes.append(prefix)


def is_csrf_exempt(path: str) -> bool:
    """Whether unsafe requests to ``path`` skip the CSRF check."""
    return any(path.startswith(prefix) for prefix in csrf_exempt_prefixes)


async def _submitted_token(request: web.Request) -> str | None:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.content_type in FORM_TYPES:
        value = (await request.post()).get(CSRF_FIELD)  # cached: handlers read it again
        if isinstance(value, str):
            return value
    return None


async def _identify(request: web.Request) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    loaded = await load_session(request, token) if token else None
    if loaded is not None:
        request[STAFF_ACTOR], request[CSRF_TOKEN] = loaded
        return
    login_token = request.cookies.get(LOGIN_CSRF_COOKIE)
    if login_token and 20 <= len(login_token) <= 128:
        request[CSRF_TOKEN] = login_token
    else:
        request[CSRF_TOKEN] = new_token()
        request[NEW_LOGIN_CSRF] = True


@web.middleware
async def staff_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Identify the staff member, check CSRF, give templates the layout context."""
    if request.path.startswith("/static/"):
        return await handler(request)
    exempt = is_csrf_exempt(request.path)
    if exempt and request.method in UNSAFE_METHODS:
        return await handler(request)
    await _identify(request)
    if request.method in UNSAFE_METHODS:
        submitted = await _submitted_token(request)
        expected = request[CSRF_TOKEN]
        if (
            request.get(NEW_LOGIN_CSRF)
            or not submitted
            or not secrets.compare_digest(submitted.encode(), expected.encode())
        ):
            log.warning(
                "CSRF check failed: %s %s from %s", request.method, request.path, request.remote
            )
            return error_page(request, "error_csrf_title", "error_csrf", 403)
    with warnings.catch_warnings():  # aiohttp_jinja2 looks its context up under a str key
        warnings.simplefilter("ignore", web.NotAppKeyWarning)
        request[aiohttp_jinja2.REQUEST_CONTEXT_KEY] = page_context(request)
    return await handler(request)
