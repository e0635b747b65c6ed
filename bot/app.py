"""Wiring: ``build_app(settings)`` creates everything; nothing is created at import time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.bootstrap import Services, build_services, close_services
from bot.channels import ChannelRouter
from bot.channels.zalo import runtime as zalo_runtime
from bot.inbox_worker import INBOX, InboxWorker, recorded
from bot.jobs import staff_group
from bot.jobs.campaigns import register_broadcast_jobs
from bot.jobs.reporting import register_reporting_jobs
from bot.knowledge_seed import seed_documents
from bot.leadership import Leadership
from bot.metrics import metrics_view
from bot.settings import Settings
from dashboard.app import setup_web
from dashboard.keys import (
    BOT_USERNAME,
    DATABASE,
    DELIVERY,
    DISPATCHER,
    LEADERSHIP_CHAT_ID,
    SLA,
    STAFF_ACTIONS,
    STAFF_CONFIG,
)
from dashboard.reports.map import MAP_CONFIG, MapConfig
from dashboard.staff_config import StaffConfig
from handlers.chat.dispatcher import Dispatcher
from handlers.staff.actions import StaffActions
from handlers.staff.mail import MailConfig, Mailer
from storage.database import Database
from storage.leader import LeaderLock

if TYPE_CHECKING:  # python-telegram-bot is imported only when a token is set
    from bot.channels.telegram import runtime as telegram_runtime
    from bot.channels.telegram.delivery import TelegramDelivery

log = logging.getLogger(__name__)

SETTINGS = web.AppKey("settings", Settings)
SERVICES = web.AppKey("services", Services)
ROUTER = web.AppKey("router", ChannelRouter)
WebhookHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# Filled when Telegram starts in webhook mode (routes must exist before the app starts).
WEBHOOK = web.AppKey("webhook", list)  # list[WebhookHandler | None], one slot


def _mailer(settings: Settings) -> Mailer | None:
    """E-mail to Open311 requesters, when SMTP is configured."""
    if not settings.smtp_configured:
        return None
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    return Mailer(
        MailConfig(
            host=settings.smtp_host.strip(),
            port=settings.smtp_port,
            from_address=settings.smtp_from.strip(),
            username=settings.smtp_username.strip() or None,
            password=password or None,
            starttls=settings.smtp_starttls,
        )
    )


async def _services_ctx(app: web.Application) -> AsyncIterator[None]:
    """Build the services (one bootstrap), start Telegram and the scheduler; stop in reverse."""
    settings = app[SETTINGS]
    application = None
    adapter = None
    if settings.telegram_bot_token is None:
        log.info("TELEGRAM_BOT_TOKEN is not set: Telegram is off; the web chat is at /chat")
    else:
        from bot.channels.telegram import adapter as telegram_channel
        from bot.channels.telegram.delivery import for_bot

        application = telegram_channel.build_application(
            settings.telegram_bot_token.get_secret_value(),
            settings.telegram_api_base_url,
            settings.file_base_url,
        )
        adapter = for_bot(application.bot, settings)
    services = await build_services(
        settings,
        telegram=False,
        telegram_adapter=adapter,
        warm_nlp=True,
    )
    db, router = services.db, services.delivery
    await seed_documents(db)  # a fresh service answers /hoidap from the letter 2987-CV/TU
    app[SERVICES], app[DATABASE], app[DELIVERY], app[ROUTER] = services, db, router, router
    app[DISPATCHER] = Dispatcher(db, router, services.handler_config)
    app[SLA], app[STAFF_ACTIONS] = services.sla, StaffActions(db, router, _mailer(settings))
    app[INBOX] = worker = InboxWorker(db)  # channels register their parsers on it
    telegram: telegram_runtime.TelegramRuntime | None = None
    leadership: Leadership | None = None
    try:
        if application is not None and services.telegram is not None:
            telegram = await _start_telegram(app, application, services.telegram)
        await worker.start()
        for register in JOB_REGISTRARS:
            register(app, services.scheduler)
        leadership = _leadership(db, services.scheduler)
        await leadership.start()  # only the leading process runs the scheduler
        yield
    finally:
        if leadership is not None:
            await leadership.stop()
        if services.scheduler.running:
            services.scheduler.shutdown(wait=False)
        await worker.stop()
        await app[DISPATCHER].wait_delivered(timeout=10)  # replies already on their way
        if telegram is not None:
            await telegram.stop()
        elif application is not None:
            await application.shutdown()
        await close_services(services)


def _leadership(db: Database, scheduler: AsyncIOScheduler) -> Leadership:
    """The scheduler runs (and pauses) with this process's leadership."""

    def lead() -> None:
        if not scheduler.running:
            scheduler.start()
        else:
            scheduler.resume()

    def lose() -> None:
        if scheduler.running:
            scheduler.pause()

    return Leadership(LeaderLock(db), lead, lose)


async def _start_telegram(
    app: web.Application, application: telegram_runtime.PTBApp, delivery: TelegramDelivery
) -> telegram_runtime.TelegramRuntime:
    from bot.channels.telegram import adapter as telegram_channel
    from bot.channels.telegram import runtime as telegram_runtime
    from bot.channels.telegram.polls import poll_answer_handler

    settings, worker = app[SETTINGS], app[INBOX]
    adapter = telegram_channel.TelegramAdapter(
        application,
        recorded(app[DATABASE], app[DISPATCHER].handle_detached),
        settings.max_photo_mb * 1024 * 1024,
        staff_chat_id=settings.staff_telegram_chat_id,
        staff_handle=staff_group.setup(app, settings, app[ROUTER]),
        delivery=delivery,
    )
    adapter.poll_answers = poll_answer_handler(app[DATABASE], app[DELIVERY])
    worker.register(telegram_channel.CHANNEL, adapter.process_raw)
    app[WEBHOOK][0] = telegram_runtime.webhook_handler(worker.intake(), settings.webhook_secret)
    runtime = await telegram_runtime.start(
        application,
        webhook_base_url=settings.telegram_webhook_url,
        secret=settings.webhook_secret,
        intake=worker.intake(),
    )
    app[BOT_USERNAME] = application.bot.username  # known once the bot is initialised
    return runtime


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
        address_attempts=settings.staff_address_attempts,
        address_window_minutes=settings.staff_address_window_minutes,
    )
    app[MAP_CONFIG] = MapConfig(
        tile_url=settings.map_tile_url,
        attribution=settings.map_tile_attribution,
        max_zoom=settings.map_tile_max_zoom,
    )
    app.cleanup_ctx.append(_services_ctx)
    zalo_runtime.setup(app, settings)  # Zalo's routes and polling/webhook, when a token is set
    setup_web(app)
    app.router.add_get("/metrics", metrics_view)
    if settings.telegram_bot_token is not None and settings.telegram_webhook_url:
        from bot.channels.telegram.runtime import WEBHOOK_PATH

        app.router.add_post(WEBHOOK_PATH, _webhook_entry)
    return app


async def _webhook_entry(request: web.Request) -> web.StreamResponse:
    """Forward to the PTB application created in the Telegram context."""
    handler = request.app[WEBHOOK][0]
    if handler is None:
        return web.Response(status=503)
    return await handler(request)
