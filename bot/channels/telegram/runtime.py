"""Running Telegram: polling for development, webhook fed by our aiohttp server in production."""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.channels.telegram.adapter import register_commands

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PTBApp = Application


async def start(application: PTBApp, *, webhook_base_url: str | None, secret: str) -> None:
    """Initialise PTB, register the command menu, then poll or set the webhook."""
    await application.initialize()
    await register_commands(application.bot)
    await application.start()
    if webhook_base_url:
        url = webhook_base_url.rstrip("/") + WEBHOOK_PATH
        await application.bot.set_webhook(
            url=url, secret_token=secret, allowed_updates=Update.ALL_TYPES
        )
        log.info("telegram webhook set to %s", url)
    else:
        assert application.updater is not None
        await application.bot.delete_webhook()
        await application.updater.start_polling(allowed_updates=Update.ALL_TYPES)
        log.info("telegram polling started")


async def stop(application: PTBApp) -> None:
    """Stop polling (if any) and shut PTB down."""
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
    await application.shutdown()


def webhook_handler(application: PTBApp, secret: str) -> Any:
    """An aiohttp handler that checks the secret header and queues the update."""

    async def receive(request: web.Request) -> web.Response:
        if request.headers.get(SECRET_HEADER) != secret:
            log.warning("webhook call with a wrong secret from %s", request.remote)
            return web.Response(status=403)
        try:
            payload = await request.json()
            update = Update.de_json(payload, application.bot)
        except (json.JSONDecodeError, UnicodeDecodeError, TypeError, KeyError, ValueError) as exc:
            # Answer 200 so Telegram does not redeliver an update we can never parse.
            log.warning("malformed webhook update skipped: %s", exc)
            return web.Response(status=200)
        if update is None:
            log.warning("empty webhook update skipped")
            return web.Response(status=200)
        await application.update_queue.put(update)
        return web.Response(status=200)

    return receive
