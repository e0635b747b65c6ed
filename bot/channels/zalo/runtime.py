"""Running Zalo: events are stored in the durable inbox before Zalo is told they arrived.

Zalo cannot poll and push at once. Without a public URL: ``deleteWebhook``, then ``getUpdates``
in a loop (one event per call, ``408 Request timeout`` when none); each event is committed to the
inbox before the next call. With one: ``setWebhook`` to ``{public URL}/zalo/webhook`` with the
secret Zalo sends back in ``X-Bot-Api-Secret-Token``; a call without it is refused (403), a stored
event answered 200, one that could not be stored 503 (Zalo tries again). The inbox worker then
hands each event to ``ZaloAdapter.process_raw``, in order per chat. The photos we send are served
at ``/zalo/photos/{key}`` (Zalo's ``sendPhoto`` takes a URL); the key is unguessable.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING

from aiohttp import web

from bot.channels.zalo.adapter import CHANNEL, ZaloAdapter, inbox_entries
from bot.channels.zalo.client import ZaloApiError, ZaloClient, ZaloNetworkError
from bot.inbox_worker import INBOX, InboxEntry, InboxIntake, recorded
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
MAX_BACKOFF = 30.0
_PHOTO_NAME = re.compile(r"([0-9a-f]{40})(?:\.[a-z]{3,4})?")
WebHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class ZaloRuntime:
    """The polling loop (when there is no webhook) feeding the inbox."""

    def __init__(
        self,
        client: ZaloClient,
        intake: InboxIntake,
        *,
        clock: Clock = SYSTEM_CLOCK,
        poll_timeout: int = POLL_TIMEOUT,
    ) -> None:
        self.client = client
        self.intake = intake
        self.clock = clock
        self.poll_timeout = poll_timeout
        self._poller: asyncio.Task[None] | None = None

    async def start_polling(self) -> None:
        """Remove any webhook, then poll in the background."""
        await self.client.delete_webhook()
        self._poller = asyncio.create_task(self._poll(), name="zalo-poll")
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
                await self._store_until_stored(inbox_entries(_json(event)))

    async def _store_until_stored(self, entries: list[InboxEntry]) -> None:
        # Zalo does not keep an event once getUpdates returned it: hold it until it is stored.
        pause = 1.0
        while True:
            try:
                await self.intake.store(CHANNEL, entries)
                return
            except Exception as exc:
                log.error("polled zalo event not stored: %r; again in %.0f s", exc, pause)
                await self.clock.sleep(pause)
                pause = min(pause * 2, MAX_BACKOFF)

    async def stop(self) -> None:
        """Stop polling."""
        if self._poller is not None:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller
            self._poller = None


def _json(event: object) -> str:
    return json.dumps(event, ensure_ascii=True)


def webhook_handler(intake: InboxIntake, secret: str) -> WebHandler:
    """An aiohttp handler: check the secret, commit the event to the inbox, then answer."""

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not given or not hmac.compare_digest(given.encode(), secret.encode()):
            log.warning("zalo webhook call without the right secret from %s", request.remote)
            return web.Response(status=403)
        body = await request.read()
        entries = inbox_entries(body.decode("utf-8", errors="replace"))
        try:
            await intake.store(CHANNEL, entries)
        except Exception as exc:  # nothing stored: Zalo must deliver it again
            log.error("zalo webhook event not stored: %r", exc)
            return web.Response(status=503)
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


WEBHOOK: web.AppKey[WebHandler] = web.AppKey("zalo_webhook")


def setup(app: web.Application, settings: Settings) -> None:
    """Add Zalo's routes and its cleanup context when a Zalo token is set; else nothing.

    The context runs after the services' one: it registers the adapter on the inbox worker and
    starts polling or sets the webhook; on shutdown it stops polling, then the worker, then
    closes its client (turns download photos through it).
    """
    if settings.zalo_bot_token is None:
        return
    app.router.add_get(PHOTO_ROUTE, serve_photo)
    public_url = settings.zalo_public_url
    if public_url:
        csrf_exempt(WEBHOOK_PATH)  # Zalo authenticates with the secret header instead
        app.router.add_post(WEBHOOK_PATH, _webhook_entry)

    async def zalo_ctx(app: web.Application) -> AsyncIterator[None]:
        """Start polling or set the webhook once the services exist; stop on shutdown."""
        assert settings.zalo_bot_token is not None
        client = ZaloClient(settings.zalo_bot_token.get_secret_value(), settings.zalo_api_base_url)
        await client.start()
        db, worker = app[DATABASE], app[INBOX]
        # a turn that did not commit is retried; replies leave without holding the worker
        handle = recorded(db, app[DISPATCHER].handle_detached)
        adapter = ZaloAdapter(client, db, handle, settings.max_photo_mb * 1024 * 1024)
        worker.register(CHANNEL, adapter.process_raw)
        runtime = ZaloRuntime(client, worker.intake())
        app[WEBHOOK] = webhook_handler(worker.intake(), settings.zalo_secret)
        try:
            if public_url:
                await runtime.start_webhook(public_url, settings.zalo_secret)
            else:
                await runtime.start_polling()
            yield
        finally:
            await runtime.stop()
            await worker.stop()  # no turn still downloads a photo through this client
            await client.close()

    app.cleanup_ctx.append(zalo_ctx)


async def _webhook_entry(request: web.Request) -> web.StreamResponse:
    handler = request.app.get(WEBHOOK)
    if handler is None:  # not started yet: Zalo will try again
        return web.Response(status=503)
    return await handler(request)
