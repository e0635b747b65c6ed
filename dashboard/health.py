"""``GET /healthz``: the service is up and its database answers."""

from __future__ import annotations

import asyncio

from aiohttp import web

from dashboard.keys import DATABASE
from storage.health import database_answers
from storage.outage import database_errors

CHECK_SECONDS = 5.0  # a database that does not answer in time counts as down


async def healthz(request: web.Request) -> web.Response:
    """200 with ``{"status": "ok"}`` when the database answers, 503 saying so otherwise."""
    try:
        answers = await asyncio.wait_for(database_answers(request.app[DATABASE]), CHECK_SECONDS)
    except database_errors(TimeoutError):
        answers = False
    if not answers:
        return web.json_response({"status": "degraded", "database": "unavailable"}, status=503)
    return web.json_response({"status": "ok", "database": "ok"})
