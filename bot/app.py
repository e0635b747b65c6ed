"""Wiring: ``build_app(settings)`` creates everything; nothing is created at import time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.bootstrap import Services, build_services, close_services
from bot.channels import ChannelRouter
from bot.channels.telegram import adapter as telegram_channel
from bot.channels.telegram import runtime as telegram_runtime
from bot.channels.telegram.budget import RateBudget
from bot.channels.telegram.delivery import TelegramDelivery
from bot.channels.telegram.polls import poll_answer_handler
from bot.jobs import staff_group
from bot.jobs.campaigns import register_broadcast_jobs
from bot.jobs.reporting import register_reporting_jobs
from bot.jobs.scheduler import new_scheduler
from bot.settings import Settings
from dashboard.app import setup_web
from dashboard.keys import (
    BOT_USERNAME,
    DATABASE,
    DELIVERY,
    DISPATCHER,
    ENGINE,
    LEADERSHIP_CHAT_ID,
    SENDER,
    SESSIONS,
    SLA,
    STAFF_ACTIONS,
    STAFF_CONFIG,
)
from dashboard.staff_config import StaffConfig
from domain.delivery import Channel
from handlers.chat.dispatcher import Dispatcher
from handlers.staff.actions import StaffActions

log = logging.getLogger(__name__)

SETTINGS = web.AppKey("settings", Settings)
SERVICES = web.AppKey("services", Services)
ROUTER = web.AppKey("router", ChannelRouter)
SCHEDULER = web.AppKey("scheduler", AsyncIOScheduler)
WebhookHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# Filled when Telegram starts in webhook mode (routes must exist before the app starts).
WEBHOOK = web.AppKey("webhook", list)  # list[WebhookHandler | None], one slot


async def _storage_ctx(app: web.Application) -> AsyncIterator[None]:
    services = await build_services(app[SETTINGS], telegram=False)
    db, router = services.db, services.delivery
    app[SERVICES], app[DATABASE], app[DELIVERY], app[ROUTER] = services, db, router, router
    # Transitional keys for pages not yet moved to DATABASE/DELIVERY.
    app[ENGINE], app[SESSIONS], app[SENDER] = db.engine, db.sessions, router
    config = services.handler_config
    app[DISPATCHER], app[SLA] = Dispatcher(db, router, config), config.sla
    app[STAFF_ACTIONS] = StaffActions(db, router)
    yield
    await close_services(services)


async def _telegram_ctx(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    if settings.telegram_bot_token is None:
        log.info("TELEGRAM_BOT_TOKEN is not set: Telegram is off; the web chat is at /chat")
        yield
        return
    webhook = settings.telegram_webhook_url is not None
    application = telegram_channel.build_application(
        settings.telegram_bot_token.get_secret_value(),
        settings.telegram_api_base_url,
        settings.file_base_url,
        webhook=webhook,
    )
    budget = RateBudget(rate=settings.broadcast_rate_per_second)
    delivery = TelegramDelivery(application.bot, budget)
    app[ROUTER].register(Channel.TELEGRAM, delivery)
    adapter = telegram_channel.TelegramAdapter(
        application,
        app[DISPATCHER].handle,
        settings.max_photo_mb * 1024 * 1024,
        staff_chat_id=settings.staff_telegram_chat_id,
        staff_handle=staff_group.setup(app, settings, app[ROUTER]),
        delivery=delivery,
    )
    adapter.poll_answers = poll_answer_handler(app[DATABASE], app[DELIVERY])
    app[WEBHOOK][0] = telegram_runtime.webhook_handler(application, settings.webhook_secret)
    await telegram_runtime.start(
        application, webhook_base_url=settings.telegram_webhook_url, secret=settings.webhook_secret
    )
    app[BOT_USERNAME] = application.bot.username  # known once the bot is initialised
    yield
    await telegram_runtime.stop(application)


async def _scheduler_ctx(app: web.Application) -> AsyncIterator[None]:
    scheduler = new_scheduler()
    app[SCHEDULER] = scheduler
    for register in JOB_REGISTRARS:
        register(app, scheduler)
    scheduler.start()
    yield
    scheduler.shutdown(wait=False)


# Each entry adds its periodic jobs: (app, scheduler) -> None. Keep one line per package.
JOB_REGISTRARS: list[Callable[[web.Application, AsyncIOScheduler], None]] = [
    register_reporting_jobs,
    register_broadcast_jobs,
    staff_group.register_jobs,
]


def build_app(settings: Settings) -> web.Application:
    """The whole service as one aiohttp application."""
    app = web.Application(client_max_size=12 * 1024 * 1024)
    app[SETTINGS] = settings
    app[WEBHOOK] = [None]
    if settings.leadership_telegram_chat_id.strip():
        app[LEADERSHIP_CHAT_ID] = settings.leadership_telegram_chat_id.strip()
    app[STAFF_CONFIG] = StaffConfig(
        session_hours=settings.staff_session_hours,
        lockout_attempts=settings.staff_lockout_attempts,
        lockout_minutes=settings.staff_lockout_minutes,
    )
    app.cleanup_ctx.append(_storage_ctx)
    app.cleanup_ctx.append(_telegram_ctx)
    app.cleanup_ctx.append(_scheduler_ctx)
    setup_web(app)
    if settings.telegram_bot_token is not None and settings.telegram_webhook_url:
        app.router.add_post(telegram_runtime.WEBHOOK_PATH, _webhook_entry)
    return app


async def _webhook_entry(request: web.Request) -> web.StreamResponse:
    """Forward to the PTB application created in the Telegram context."""
    handler = request.app[WEBHOOK][0]
    if handler is None:
        return web.Response(status=503)
    return await handler(request)
