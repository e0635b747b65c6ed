"""``GET /healthz``: the service is up and its database answers."""

from __future__ import annotations

import logging

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from dashboard.keys import ENGINE

log = logging.getLogger(__name__)


async def healthz(request: web.Request) -> web.Response:
    """200 with ``{"status": "ok"}`` when the database answers, 503 otherwise."""
    try:
        async with request.app[ENGINE].connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError) as exc:
        log.error("health check: database unavailable: %s", exc)
        return web.json_response({"status": "error", "database": "unavailable"}, status=503)
    return web.json_response({"status": "ok", "database": "ok"})
