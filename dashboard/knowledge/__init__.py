"""``/hoi-dap``: the documents questions are answered from, the FAQ, and citizens' questions."""

from __future__ import annotations

from aiohttp import web

from dashboard.auth import NAV_ITEMS, NavItem
from dashboard.knowledge import actions, pages
from domain.roles import can_triage

NAV = NavItem("nav_knowledge", pages.PATH, can_triage)


def setup(app: web.Application) -> None:
    """Register the pages and form targets of question answering."""
    if NAV not in NAV_ITEMS:
        NAV_ITEMS.append(NAV)
    pages.setup(app)
    actions.setup(app)
