"""Running Zalo: polling ``getUpdates`` without a public URL, a webhook on our app with one.

Zalo cannot poll and push at once: polling starts with ``deleteWebhook``; webhook mode calls
``setWebhook`` with ``{public URL}/zalo/webhook`` and the secret Zalo sends back in
``X-Bot-Api-Secret-Token`` (a call without it is refused). The photos we send are served at
``/zalo/photos/{key}`` (Zalo's ``sendPhoto`` takes a URL); the key is unguessable.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import re
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.channels.zalo.adapter import ZaloAdapter
from bot.channels.zalo.client import ZaloApiError, ZaloClient, ZaloNetworkError
from dashboard.auth import csrf_exempt
from dashboard.keys import DATABASE, DISPATCHER
from domain.clock import SYSTEM_CLOCK, Clock

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/zalo/webhook"
PHOTO_ROUTE = "/zalo/photos/{name}"
SECRET_HEADER = "X-Bot-Api-Secret-Token"
POLL_TIMEOUT = 30  # seconds a getUpdates call waits for an event
MAX_BACKOFF = 60.0
_PHOTO_NAME = re.compile(r"([0-9a-f]{40})(?:\.[a-z]{3,4})?")


class ZaloRuntime:
    """Feeds events to the adapter: from the polling loop or from webhook calls."""

    def __init__(
        self,
        client: ZaloClient,
        adapter: ZaloAdapter,
        *,
        clock: Clock = SYSTEM_CLOCK,
        poll_timeout: int = POLL_TIMEOUT,
    ) -> None:
        self.client = client
        self.adapter = adapter
        self.clock = clock
        self.poll_timeout = poll_timeout
        self._poller: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def submit(self, payload: Any) -> None:
        """Handle the events of ``payload`` in the background (one chat's in their order)."""
        task = asyncio.create_task(self._handle(payload))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, payload: Any) -> None:
        try:
            await self.adapter.on_event(payload)
        except Exception:
            log.exception("zalo event could not be handled")

    async def start_polling(self) -> None:
        """Remove any webhook, then poll in the background."""
        await self.client.delete_webhook()
        self._poller = asyncio.create_task(self._poll())
        log.info("zalo polling started")

    async def start_webhook(self, public_url: str, secret: str) -> None:
        """Ask Zalo to post events to our ``/zalo/webhook``."""
        url = public_url.rstrip("/") + WEBHOOK_PATH
        await self.client.set_webhook(url, secret)
        log.info("zalo webhook set to %s", url)

    async def _poll(self) -> None:
        backoff = 1.0
        while True:
            try:
                event = await self.client.get_update(self.poll_timeout)
            except (ZaloApiError, ZaloNetworkError) as exc:
                log.warning("zalo getUpdates failed (next try in %.0f s): %s", backoff, exc)
                await self.clock.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            backoff = 1.0
            if event is not None:
                self.submit(event)

    async def stop(self) -> None:
        """Stop polling and let the events in hand finish."""
        if self._poller is not None:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller
            self._poller = None
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def drained(self) -> None:
        """Wait until the events handed over so far are handled (for tests and shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


def webhook_handler(runtime: ZaloRuntime, secret: str) -> Callable[..., Any]:
    """An aiohttp handler: checks the secret header, answers 200 and handles the event."""

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not given or not hmac.compare_digest(given.encode(), secret.encode()):
            log.warning("zalo webhook call without the right secret from %s", request.remote)
            return web.Response(status=403)
        try:
            payload = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            # 200 so Zalo does not redeliver an event we can never read.
            log.warning("malformed zalo webhook call skipped: %s", exc)
            return web.json_response({"message": "Success"})
        runtime.submit(payload)
        return web.json_response({"message": "Success"})

    return receive


async def serve_photo(request: web.Request) -> web.Response:
    """A photo we sent on Zalo, for Zalo to download (unknown keys are 404)."""
    match = _PHOTO_NAME.fullmatch(request.match_info["name"])
    if match is None:
        raise web.HTTPNotFound()
    async with request.app[DATABASE].uow() as uow:
        found = await uow.zalo_photos.get(match.group(1))
    if found is None:
        raise web.HTTPNotFound()
    content, mime_type = found
    return web.Response(
        body=content, content_type=mime_type, headers={"Cache-Control": "public, max-age=604800"}
    )


RUNTIME = web.AppKey("zalo_runtime", ZaloRuntime)


def setup(app: web.Application, settings: Settings) -> None:
    """Add Zalo's routes and its cleanup context when a Zalo token is set; else nothing."""
    if settings.zalo_bot_token is None:
        return
    app.router.add_get(PHOTO_ROUTE, serve_photo)
    public_url = settings.zalo_public_url
    if public_url:
        csrf_exempt(WEBHOOK_PATH)  # Zalo authenticates with the secret header instead
        app.router.add_post(WEBHOOK_PATH, _webhook_entry(settings.zalo_secret))

    async def zalo_ctx(app: web.Application) -> AsyncIterator[None]:
        """Start polling or set the webhook once the services exist; stop on shutdown."""
        assert settings.zalo_bot_token is not None
        client = ZaloClient(settings.zalo_bot_token.get_secret_value(), settings.zalo_api_base_url)
        await client.start()
        adapter = ZaloAdapter(
            client, app[DATABASE], app[DISPATCHER].handle, settings.max_photo_mb * 1024 * 1024
        )
        runtime = ZaloRuntime(client, adapter)
        app[RUNTIME] = runtime
        try:
            if public_url:
                await runtime.start_webhook(public_url, settings.zalo_secret)
            else:
                await runtime.start_polling()
            yield
        finally:
            await runtime.stop()
            await client.close()

    app.cleanup_ctx.append(zalo_ctx)


def _webhook_entry(secret: str) -> Callable[[web.Request], Any]:
    async def entry(request: web.Request) -> web.Response:
        runtime = request.app.get(RUNTIME)
        if runtime is None:  # not started yet: Zalo will try again
            return web.Response(status=503)
        response: web.Response = await webhook_handler(runtime, secret)(request)
        return response

    return entry
