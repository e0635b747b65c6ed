"""One-shot messages after a form's redirect, in a short-lived cookie the next page consumes."""

from __future__ import annotations

import base64
import binascii
import json

from aiohttp import web

FLASH_COOKIE = "flash"
MAX_TEXT = 1500


def set_flash(response: web.StreamResponse, kind: str, text: str) -> None:
    """Attach a message (``ok`` or ``error``) to the redirect."""
    payload = json.dumps({"kind": kind, "text": text[:MAX_TEXT]}, ensure_ascii=False)
    value = base64.urlsafe_b64encode(payload.encode()).decode()
    response.set_cookie(
        FLASH_COOKIE, value, path="/phan-anh", max_age=60, httponly=True, samesite="Lax"
    )


def forget_flash(request: web.Request, response: web.StreamResponse) -> None:
    """Remove the message from the browser once the page showing it is sent."""
    if FLASH_COOKIE in request.cookies:
        response.del_cookie(FLASH_COOKIE, path="/phan-anh")


def read_flash(request: web.Request) -> dict[str, str] | None:
    """The pending message, if any (a malformed cookie is ignored)."""
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(raw.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("kind") not in ("ok", "error"):
        return None
    return {"kind": str(data["kind"]), "text": str(data.get("text", ""))[:MAX_TEXT]}
