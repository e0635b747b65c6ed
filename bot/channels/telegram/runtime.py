"""Running Telegram: updates are stored in the inbox before Telegram is told they arrived.

Webhook mode: ``webhook_handler`` answers 200 only once the raw body is committed to the inbox
(also for a body that can never be used, stored parked: redelivery would not help) and 503 when
it cannot be stored, so Telegram delivers it again. Polling mode: ``poll_updates`` fetches raw
updates, stores them, and only then moves the offset past them (which confirms them to Telegram).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import warnings
from collections.abc import Awaitable, Callable

from aiohttp import web
from telegram import Update
from telegram.ext import Application
from telegram.warnings import PTBUserWarning

from bot.channels.telegram.adapter import CHANNEL, inbox_entry, inbox_entry_of, register_commands
from bot.inbox_worker import InboxEntry, InboxIntake
from domain.clock import SYSTEM_CLOCK, Clock

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
POLL_TIMEOUT_SECONDS = 25
PTBApp = Application
WebHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class TelegramRuntime:
    """The started bot, and the polling task when there is no webhook."""

    def __init__(self, application: PTBApp) -> None:
        self.application = application
        self.polling: asyncio.Task[None] | None = None

    async def stop(self) -> None:
        """Stop polling (if any) and shut PTB down."""
        if self.polling is not None:
            self.polling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.polling
        await self.application.shutdown()


async def start(
    application: PTBApp, *, webhook_base_url: str | None, secret: str, intake: InboxIntake
) -> TelegramRuntime:
    """Initialise the bot, register the command menu, then set the webhook or start polling."""
    await application.initialize()
    await register_commands(application.bot)
    runtime = TelegramRuntime(application)
    if webhook_base_url:
        url = webhook_base_url.rstrip("/") + WEBHOOK_PATH
        await application.bot.set_webhook(
            url=url, secret_token=secret, allowed_updates=Update.ALL_TYPES
        )
        log.info("telegram webhook set to %s", url)
    else:
        await application.bot.delete_webhook()
        runtime.polling = asyncio.create_task(poll_updates(application, intake), name="tg-poll")
        log.info("telegram polling started")
    return runtime


def webhook_handler(intake: InboxIntake, secret: str) -> WebHandler:
    """An aiohttp handler: check the secret, commit the raw update to the inbox, then answer."""

    async def receive(request: web.Request) -> web.Response:
        if request.headers.get(SECRET_HEADER) != secret:
            log.warning("webhook call with a wrong secret from %s", request.remote)
            return web.Response(status=403)
        body = await request.read()
        entry = inbox_entry(body.decode("utf-8", errors="replace"))
        try:
            await intake.store(CHANNEL, [entry])
        except Exception as exc:  # nothing stored: Telegram must deliver it again
            log.error("webhook update %s not stored: %r", entry.update_key, exc)
            return web.Response(status=503)
        return web.Response(status=200)

    return receive


async def poll_updates(
    application: PTBApp, intake: InboxIntake, *, clock: Clock = SYSTEM_CLOCK
) -> None:
    """getUpdates forever: store each batch, then confirm it with the next call's offset."""
    bot = application.bot
    offset: int | None = None
    pause = 1.0
    while True:
        kwargs: dict[str, object] = {
            "timeout": POLL_TIMEOUT_SECONDS,
            "allowed_updates": Update.ALL_TYPES,
        }
        if offset is not None:
            kwargs["offset"] = offset
        try:
            with warnings.catch_warnings():  # raw on purpose: PTB would parse the batch at once
                warnings.simplefilter("ignore", PTBUserWarning)
                raw = await bot.do_api_request(
                    "getUpdates", api_kwargs=kwargs, read_timeout=POLL_TIMEOUT_SECONDS + 10
                )
        except Exception as exc:
            log.warning("getUpdates failed: %r; again in %.0f s", exc, pause)
            await clock.sleep(pause)
            pause = min(pause * 2, 30.0)
            continue
        pause = 1.0
        items = raw if isinstance(raw, list) else []
        if not items:
            continue
        # ensure_ascii: a lone surrogate from a \\ud800 escape stays an escape, storable anywhere
        entries = [inbox_entry_of(item, json.dumps(item, ensure_ascii=True)) for item in items]
        await _store_until_stored(intake, entries, clock)
        ids = [i["update_id"] for i in items if isinstance(i, dict)]
        ids = [i for i in ids if isinstance(i, int)]
        if ids:
            offset = max(ids) + 1


async def _store_until_stored(intake: InboxIntake, entries: list[InboxEntry], clock: Clock) -> None:
    pause = 1.0
    while True:
        try:
            await intake.store(CHANNEL, entries)
            return
        except Exception as exc:  # the offset stays put: Telegram keeps the updates meanwhile
            log.error("polled updates not stored: %r; again in %.0f s", exc, pause)
            await clock.sleep(pause)
            pause = min(pause * 2, 30.0)
