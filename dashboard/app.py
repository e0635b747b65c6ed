"""The web app's routes, templates and static files."""

from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from dashboard import admin, auth, campaigns, knowledge, open311, reports, security, stats, webchat
from dashboard.health import healthz
from dashboard.reports import map as reports_map
from reporting.periodic import TEMPLATES_DIR

HERE = Path(__file__).parent


async def _home(request: web.Request) -> web.Response:
    """The service's home is the web chat for now."""
    raise web.HTTPFound("/chat")


def setup_web(app: web.Application) -> None:
    """Templates (autoescaped), static files, health and web chat routes."""
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader([HERE / "templates", TEMPLATES_DIR]),
        autoescape=jinja2.select_autoescape(default=True),
    )
    security.setup(app)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/", _home)
    app.router.add_static("/static", HERE / "static")
    webchat.setup(app)
    auth.setup(app)
    admin.setup(app)
    stats.setup(app)
    open311.setup(app)
    reports.setup(app)
    reports_map.setup(app)
    campaigns.setup(app)
    knowledge.setup(app)
