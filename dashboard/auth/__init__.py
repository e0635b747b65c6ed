"""Staff accounts on the dashboard: login, sessions, roles, CSRF, audit, page layout.

API for other dashboard modules::

    from dashboard.auth import require, require_role, current_actor, actor_of_request, render
    from domain.roles import StaffActor, Role, can_triage, can_view_reports, visible_place_codes

    @require(can_view_reports)                  # anonymous: 303 to /dang-nhap?next=...;
    async def queue(request: web.Request) -> web.StreamResponse:   # wrong role: 403 page
        actor = actor_of_request(request)        # StaffActor(id, username, full_name, role,
        ...                                      #            communes, ip)
        return render(request, "queue.html", {"reports": rows})

- ``current_actor(request) -> StaffActor | None``; also ``request[dashboard.keys.STAFF_ACTOR]``.
- ``require(permission)`` / ``require_role(*roles)`` decorate ``async def handler(request)``;
  JSON clients (``Accept: application/json``) get 401/403 JSON instead of pages.
- ``render(request, template, context, status=200)``: templates extend ``base.html`` (blocks
  ``title`` and ``content``) and get ``actor``, ``csrf_token``, ``nav``, ``current_path``; the
  globals ``t`` (catalogue), ``m`` (catalogue dict), ``csrf_field()``, ``role_label``,
  ``format_datetime`` and ``format_date`` are in every template.
- Every form posting to the dashboard must contain ``{{ csrf_field() }}`` (JavaScript may send
  the header ``X-CSRF-Token`` instead); otherwise the middleware answers 403. Machine APIs
  exempt themselves with ``csrf_exempt("/prefix/")`` (``/open311/``, ``/telegram/webhook``,
  ``/chat/api/`` are exempt already).
- ``await uow.audit.record(actor.username, "action_code", target, {...}, actor.ip)`` before
  ``uow.commit()``; the label shown in the log is the catalogue key ``audit_action_<code>`` when
  it exists.
- Limited officers: ``actor.place_codes`` is None (everywhere) or the ward codes they may see;
  ``actor.sees_place(report.place_code)``.
- Navigation: append a ``NavItem(label_key, href, permission)`` to ``NAV_ITEMS``.

Sessions last ``STAFF_SESSION_HOURS`` from login (fixed); ``STAFF_LOCKOUT_ATTEMPTS`` failed
logins lock an account for ``STAFF_LOCKOUT_MINUTES``. Everyone changes their own password at
``/tai-khoan/mat-khau``; administrators may turn on two-factor login (TOTP with recovery codes,
``/tai-khoan/hai-buoc``), after which login asks for a code (``/dang-nhap/ma-xac-thuc``).
"""

from __future__ import annotations

from aiohttp import web

from dashboard.auth import account, login, login_code, two_factor_pages
from dashboard.auth.access import (
    actor_of_request,
    current_actor,
    forbidden,
    login_redirect,
    require,
    require_role,
    see_other,
)
from dashboard.auth.middleware import csrf_exempt, csrf_exempt_prefixes, staff_middleware
from dashboard.auth.render import NAV_ITEMS, NavItem, error_page, install_globals, render
from dashboard.keys import LOGIN_THROTTLE, STAFF_CONFIG
from dashboard.login_throttle import LoginThrottle
from dashboard.staff_config import StaffConfig

__all__ = [
    "NAV_ITEMS",
    "NavItem",
    "actor_of_request",
    "csrf_exempt",
    "csrf_exempt_prefixes",
    "current_actor",
    "error_page",
    "forbidden",
    "login_redirect",
    "render",
    "require",
    "require_role",
    "see_other",
    "setup",
]


def setup(app: web.Application) -> None:
    """Install the middleware, template globals and the login routes (after aiohttp_jinja2)."""
    if STAFF_CONFIG not in app:
        app[STAFF_CONFIG] = StaffConfig()
    app[LOGIN_THROTTLE] = LoginThrottle()
    app.middlewares.append(staff_middleware)
    install_globals(app)
    login.setup(app)
    login_code.setup(app)
    account.setup(app)
    two_factor_pages.setup(app)
