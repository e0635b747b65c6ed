"""Flash messages of the report pages (see dashboard/flash.py)."""

from __future__ import annotations

from aiohttp import web

from dashboard.flash import Flash

REPORT_FLASH = Flash(cookie="flash", path="/phan-anh")


def set_flash(response: web.StreamResponse, kind: str, text: str) -> None:
    """Attach a message (``ok`` or ``error``) to the redirect."""
    REPORT_FLASH.set(response, kind, text)


def forget_flash(request: web.Request, response: web.StreamResponse) -> None:
    """Remove the message once the page showing it is sent."""
    REPORT_FLASH.forget(request, response)


def read_flash(request: web.Request) -> dict[str, str] | None:
    """The pending message, if any."""
    return REPORT_FLASH.read(request)
