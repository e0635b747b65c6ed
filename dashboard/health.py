"""``GET /healthz``: the service is up and its database answers."""

from __future__ import annotations

from aiohttp import web

from dashboard.keys import DATABASE
from storage.health import database_answers


async def healthz(request: web.Request) -> web.Response:
    """200 with ``{"status": "ok"}`` when the database answers, 503 otherwise."""
    if not await database_answers(request.app[DATABASE]):
        return web.json_response({"status": "error", "database": "unavailable"}, status=503)
    return web.json_response({"status": "ok", "database": "ok"})
