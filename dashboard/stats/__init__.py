"""``/thong-ke``: the statistics pages, exports and periodic reports (views over ``reporting``)."""

from __future__ import annotations

from aiohttp import web

from dashboard.stats import periodic_pages, routes


def setup(app: web.Application) -> None:
    """Register the statistics and periodic report routes."""
    routes.setup(app)
    periodic_pages.setup(app)
