"""Security headers on every response the web app sends (pages, files, API answers, errors).

Added in ``on_response_prepare`` rather than a middleware so static files and the error pages
aiohttp builds itself carry them too.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from aiohttp import web

# No page of ours may be framed (clickjacking), sniffed into another type, or leak its URL
# (tracking codes, filters) to other sites through the Referer header.
SECURITY_HEADERS: dict[str, str] = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Set the headers unless a handler chose a stricter value of its own."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)


def setup(app: web.Application) -> None:
    """Install the headers for every response of ``app``."""
    app.on_response_prepare.append(add_security_headers)


def id_param(name: str) -> str:
    """A route placeholder for a numeric id: 1-9 digits, so a huge number is a plain 404.

    Nine digits stay inside PostgreSQL's ``integer``; longer ids would fail in the database.
    """
    return f"{{{name}:[0-9]{{1,9}}}}"


MAX_ID_DIGITS = 9
_HOST_RE = re.compile(r"(\*\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?")


def small_id(value: str | None) -> int | None:
    """A form or query field holding an id: the number, or None for anything else or too long."""
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > MAX_ID_DIGITS:
        return None
    return int(text)


def tile_source(tile_url: str) -> str:
    """The CSP source of a map tile URL template: ``'self'`` for a path on this site, else
    its scheme and host, a ``{s}`` subdomain placeholder becoming ``*``."""
    parts = urlsplit(tile_url.replace("{s}", "subdomain-placeholder"))
    if not parts.scheme and not parts.netloc:
        return "'self'"
    host = parts.netloc.replace("subdomain-placeholder", "*")
    if parts.scheme not in ("http", "https") or not _HOST_RE.fullmatch(host):
        raise ValueError(f"MAP_TILE_URL: not an http(s) URL template: {tile_url!r}")
    return f"{parts.scheme}://{host}"


def map_policy(tile_url: str) -> str:
    """The map page's Content-Security-Policy: our scripts and styles, tile images from the
    configured host, nothing else (no inline script, no connections, no frames)."""
    images = " ".join(dict.fromkeys(("'self'", "data:", tile_source(tile_url))))
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; "
        f"img-src {images}; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
    )
