"""Wiring: ``build_app(settings)`` creates everything; nothing is created at import time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot import alerts as staff_group
from bot.broadcast_jobs import register_broadcast_jobs
from bot.channels import ChannelRouter, telegram_runtime
from bot.channels import telegram as telegram_channel
from bot.channels.open311 import CHANNEL as OPEN311
from bot.channels.open311 import Open311Sender
from bot.channels.webchat import CHANNEL as WEBCHAT
from bot.channels.webchat import WebchatSender
from bot.quiz_polls import poll_answer_handler
from bot.scheduler import new_scheduler
from bot.settings import Settings
from dashboard.app import setup_web
from dashboard.auth_config import StaffConfig
from dashboard.keys import (
    BOT_API_TARGET,
    DISPATCHER,
    ENGINE,
    LEADERSHIP_CHAT_ID,
    SENDER,
    SESSIONS,
    SLA,
    STAFF_ACTIONS,
    STAFF_CONFIG,
    BotApiTarget,
)
from dashboard.stats_jobs import register_stats_jobs
from domain.sla import SlaRules, WorkingCalendar
from handlers.config import HandlerConfig
from handlers.dispatcher import Dispatcher
from handlers.staff_actions import StaffActions
from storage.database import create_engine, session_factory
from storage.migrate import upgrade_to_head

log = logging.getLogger(__name__)

SETTINGS = web.AppKey("settings", Settings)
ROUTER = web.AppKey("router", ChannelRouter)
SCHEDULER = web.AppKey("scheduler", AsyncIOScheduler)
WebhookHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# Filled when Telegram starts in webhook mode (routes must exist before the app starts).
WEBHOOK = web.AppKey("webhook", list)  # list[WebhookHandler | None], one slot


def handler_config(settings: Settings) -> HandlerConfig:
    """Handler limits and deadlines from the settings."""
    calendar = WorkingCalendar(
        start=settings.work_start,
        end=settings.work_end,
        weekdays=frozenset(settings.work_weekdays),
        holidays=frozenset(settings.public_holidays),
    )
    return HandlerConfig(
        max_photo_bytes=settings.max_photo_mb * 1024 * 1024,
        flood_max_messages=settings.flood_max_messages,
        flood_window_seconds=settings.flood_window_seconds,
        sla=SlaRules(resolve_working_days=settings.resolve_working_days, calendar=calendar),
        dashboard_public_url=settings.dashboard_public_url,
    )


async def _storage_ctx(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    engine = create_engine(settings.database_url)
    await upgrade_to_head(engine)
    sessions = session_factory(engine)
    router = ChannelRouter()
    router.register(WEBCHAT, WebchatSender(sessions))
    router.register(OPEN311, Open311Sender())
    app[ENGINE], app[SESSIONS], app[ROUTER], app[SENDER] = engine, sessions, router, router
    config = handler_config(settings)
    app[DISPATCHER], app[SLA] = Dispatcher(sessions, config), config.sla
    app[STAFF_ACTIONS] = StaffActions(sessions, router)
    yield
    await engine.dispose()


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
    adapter = telegram_channel.TelegramAdapter(
        application,
        app[DISPATCHER].handle,
        settings.max_photo_mb * 1024 * 1024,
        staff_chat_id=settings.staff_telegram_chat_id,
        staff_handle=staff_group.setup(app, settings, app[ROUTER]),
    )
    adapter.poll_answers = poll_answer_handler(app[SESSIONS], application.bot)
    app[ROUTER].register(telegram_channel.CHANNEL, adapter.sender)
    app[WEBHOOK][0] = telegram_runtime.webhook_handler(application, settings.webhook_secret)
    await telegram_runtime.start(
        application, webhook_base_url=settings.telegram_webhook_url, secret=settings.webhook_secret
    )
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
    register_stats_jobs,
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
    if settings.telegram_bot_token is not None:  # the campaign preview posts to the Bot API
        app[BOT_API_TARGET] = BotApiTarget(
            settings.telegram_api_base_url, settings.telegram_bot_token.get_secret_value()
        )
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
