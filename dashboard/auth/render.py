"""Page rendering with the shared layout: actor, CSRF token, navigation and the catalogue."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from markupsafe import Markup, escape

from dashboard.auth.sessions import LOGIN_CSRF_COOKIE, TOTP_PROMPT, set_cookie
from dashboard.keys import CSRF_TOKEN, STAFF_ACTOR
from domain.catalogue import MESSAGES, format_date, format_datetime, t
from domain.roles import (
    ROLE_HOME,
    Permission,
    StaffActor,
    can_manage_staff,
    can_view_campaigns,
    can_view_reports,
    can_view_stats,
)

# Set when an anonymous browser got a fresh login CSRF token that still needs its cookie.
NEW_LOGIN_CSRF = web.RequestKey("new_login_csrf", bool)


@dataclass(frozen=True)
class NavItem:
    """A link of the top navigation, shown to roles the permission allows."""

    label_key: str
    href: str
    permission: Permission


NAV_ITEMS: list[NavItem] = [
    NavItem("nav_reports", "/phan-anh", can_view_reports),
    NavItem("nav_stats", "/thong-ke", can_view_stats),
    NavItem("nav_campaigns", "/chien-dich", can_view_campaigns),
    NavItem("nav_staff", "/quan-tri/can-bo", can_manage_staff),
    NavItem("nav_audit", "/quan-tri/nhat-ky", can_manage_staff),
]


def nav_for(actor: StaffActor | None, path: str = "") -> list[dict[str, Any]]:
    """The navigation links this actor may follow, with the current one marked."""
    if actor is None:
        return []
    return [
        {"label": t(item.label_key), "href": item.href, "current": path.startswith(item.href)}
        for item in NAV_ITEMS
        if item.permission(actor.role)
    ]


def role_label(role: str) -> str:
    """Vietnamese name of a role code."""
    key = f"role_{role}"
    return MESSAGES.get(key, role)


@jinja2.pass_context
def csrf_field(context: jinja2.runtime.Context) -> Markup:
    """``{{ csrf_field() }}``: the hidden CSRF input every form must contain."""
    token = context.get("csrf_token") or ""
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(escape(token))


def install_globals(app: web.Application) -> None:
    """Make ``t``, ``m``, ``csrf_field`` and the formatters available in every template."""
    env = aiohttp_jinja2.get_env(app)
    env.globals.update(
        t=t,
        m=MESSAGES,
        csrf_field=csrf_field,
        role_label=role_label,
        format_datetime=format_datetime,
        format_date=format_date,
    )


def page_context(request: web.Request) -> dict[str, Any]:
    """What the layout needs: ``actor``, ``csrf_token``, ``nav``, ``current_path``, ``home_url``.

    ``totp_prompt``: an administrator without two-factor login, asked to turn it on.
    """
    actor = request.get(STAFF_ACTOR)
    return {
        "actor": actor,
        "csrf_token": request.get(CSRF_TOKEN, ""),
        "nav": nav_for(actor, request.path),
        "current_path": request.path,
        "home_url": ROLE_HOME.get(actor.role, "/") if actor is not None else "/dang-nhap",
        "totp_prompt": bool(request.get(TOTP_PROMPT)),
    }


def render(
    request: web.Request, template: str, context: Mapping[str, Any], *, status: int = 200
) -> web.Response:
    """Render ``template`` (extending ``base.html``) with the layout context added."""
    response = aiohttp_jinja2.render_template(
        template, request, {**page_context(request), **context}, status=status
    )
    response.headers["Cache-Control"] = "no-store"
    if request.get(NEW_LOGIN_CSRF):
        set_cookie(request, response, LOGIN_CSRF_COOKIE, request[CSRF_TOKEN], max_age=None)
    return response


def error_page(request: web.Request, title_key: str, text_key: str, status: int) -> web.Response:
    """A Vietnamese error page in the layout."""
    return render(
        request, "error.html", {"title": t(title_key), "message": t(text_key)}, status=status
    )
