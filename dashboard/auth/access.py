"""Access control for handlers: the current actor, ``require`` and ``require_role``."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

from aiohttp import web

from dashboard.auth.render import error_page
from dashboard.keys import STAFF_ACTOR
from domain.catalogue import t
from domain.roles import Permission, Role, StaffActor

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
LOGIN_PATH = "/dang-nhap"


def see_other(location: str) -> web.Response:
    """A 303 redirect to a local path (returned, not raised, so cookies can be set on it)."""
    return web.Response(status=303, headers={"Location": location})


def current_actor(request: web.Request) -> StaffActor | None:
    """The logged-in staff member, or None for anonymous requests."""
    return request.get(STAFF_ACTOR)


def _wants_json(request: web.Request) -> bool:
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def login_redirect(request: web.Request) -> web.StreamResponse:
    """Send an anonymous browser to the login page (JSON clients get 401)."""
    if _wants_json(request):
        return web.json_response({"error": t("error_unauthorized")}, status=401)
    location = LOGIN_PATH
    if request.method in ("GET", "HEAD"):
        location += "?" + urlencode({"next": request.path_qs})
    return see_other(location)


def forbidden(request: web.Request) -> web.StreamResponse:
    """403 with a Vietnamese page (or JSON)."""
    if _wants_json(request):
        return web.json_response({"error": t("error_forbidden")}, status=403)
    return error_page(request, "error_forbidden_title", "error_forbidden", 403)


def require(permission: Permission) -> Callable[[Handler], Handler]:
    """Decorator: the handler runs only for staff whose role passes ``permission``."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def wrapper(request: web.Request) -> web.StreamResponse:
            actor = current_actor(request)
            if actor is None:
                return login_redirect(request)
            if not permission(actor.role):
                return forbidden(request)
            return await handler(request)

        return wrapper

    return decorate


def require_role(*roles: Role) -> Callable[[Handler], Handler]:
    """Decorator: the handler runs only for these roles (none given: any logged-in staff)."""
    allowed = frozenset(roles)
    return require(lambda role: not allowed or role in allowed)


def actor_of_request(request: web.Request) -> StaffActor:
    """The actor inside a handler decorated with ``require``; raises if there is none."""
    actor = current_actor(request)
    if actor is None:
        raise web.HTTPUnauthorized(text=t("error_unauthorized"))
    return actor
