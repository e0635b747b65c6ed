"""One-shot messages after a form's redirect, in a short-lived cookie the next page consumes."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from aiohttp import web

MAX_TEXT = 1500


@dataclass(frozen=True)
class Flash:
    """A flash cookie scoped to one part of the dashboard (its own name and path)."""

    cookie: str
    path: str

    def set(self, response: web.StreamResponse, kind: str, text: str) -> None:
        """Attach a message (``ok`` or ``error``) to the redirect."""
        payload = json.dumps({"kind": kind, "text": text[:MAX_TEXT]}, ensure_ascii=False)
        value = base64.urlsafe_b64encode(payload.encode()).decode()
        response.set_cookie(
            self.cookie, value, path=self.path, max_age=60, httponly=True, samesite="Lax"
        )

    def forget(self, request: web.Request, response: web.StreamResponse) -> None:
        """Remove the message from the browser once the page showing it is sent."""
        if self.cookie in request.cookies:
            response.del_cookie(self.cookie, path=self.path)

    def read(self, request: web.Request) -> dict[str, str] | None:
        """The pending message, if any (a malformed cookie is ignored)."""
        raw = request.cookies.get(self.cookie)
        if not raw:
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(raw.encode()))
        except (binascii.Error, ValueError, UnicodeDecodeError):
            return None
        if not isinstance(data, dict) or data.get("kind") not in ("ok", "error"):
            return None
        return {"kind": str(data["kind"]), "text": str(data.get("text", ""))[:MAX_TEXT]}
