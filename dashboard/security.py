"""Security headers on every response the web app sends (pages, files, API answers, errors).

Added in ``on_response_prepare`` rather than a middleware so static files and the error pages
aiohttp builds itself carry them too.
"""

from __future__ import annotations

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


def small_id(value: str | None) -> int | None:
    """A form or query field holding an id: the number, or None for anything else or too long."""
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > MAX_ID_DIGITS:
        return None
    return int(text)
