"""Administration pages: staff accounts (``/quan-tri/can-bo``), canned replies, the audit log."""

from __future__ import annotations

from aiohttp import web

from dashboard.admin import audit, canned, staff


def setup(app: web.Application) -> None:
    """Register the administration routes."""
    staff.setup(app)
    canned.setup(app)
    audit.setup(app)
