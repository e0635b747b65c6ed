"""One bootstrap: the services every entry point needs, built in one place.

The web app (``bot.app``) and every command (``bot.cli``) get their database, their delivery port
to people and their handler settings from ``open_services``; nothing is created at import time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

import nlp
from bot.channels import ChannelRouter
from bot.channels.open311.delivery import CHANNEL as OPEN311
from bot.channels.open311.delivery import Open311Delivery
from bot.channels.webchat.delivery import CHANNEL as WEBCHAT
from bot.channels.webchat.delivery import WebchatDelivery
from bot.channels.zalo import delivery as zalo_delivery
from bot.jobs.scheduler import new_scheduler
from bot.settings import Settings
from domain.delivery import Channel
from domain.sla import SlaRules, WorkingCalendar
from handlers.chat.config import HandlerConfig
from storage.database import Database, open_database

if TYPE_CHECKING:  # python-telegram-bot is imported only when a token is set
    from bot.channels.telegram import delivery as telegram_delivery

log = logging.getLogger(__name__)


@dataclass
class Services:
    """What the product runs on: settings, database, delivery port, handler settings, scheduler."""

    settings: Settings
    db: Database
    delivery: ChannelRouter
    handler_config: HandlerConfig
    scheduler: AsyncIOScheduler
    telegram: telegram_delivery.TelegramDelivery | None = None
    zalo: zalo_delivery.ZaloDelivery | None = None

    @property
    def sla(self) -> SlaRules:
        """Deadline rules shared by every channel."""
        return self.handler_config.sla


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


async def build_services(
    settings: Settings,
    *,
    telegram: bool = True,
    telegram_adapter: telegram_delivery.TelegramDelivery | None = None,
    warm_nlp: bool = False,
) -> Services:
    """Open the database (migrated), register a delivery adapter per configured channel.

    Telegram: the running service passes the adapter over its python-telegram-bot
    ``Application``'s bot; a command gets a bot of its own when a token is set (``telegram=False``
    leaves Telegram out). Either way one ``RateBudget`` serves every message on that token.
    ``warm_nlp`` loads the language models now rather than on the first citizen's message.
    """
    db = await open_database(settings.database_url)
    router = ChannelRouter()
    router.register(WEBCHAT, WebchatDelivery(db))
    router.register(OPEN311, Open311Delivery())
    services = Services(settings, db, router, handler_config(settings), scheduler=new_scheduler())
    if telegram_adapter is not None:
        services.telegram = telegram_adapter
    elif telegram and settings.telegram_bot_token is not None:
        from bot.channels.telegram.delivery import for_settings

        services.telegram = for_settings(settings)
        await services.telegram.start()
    if services.telegram is not None:
        from bot.channels.telegram.delivery import share_budget

        router.register(Channel.TELEGRAM, services.telegram)
        share_budget(services.telegram, db)  # every process on PostgreSQL
    if settings.zalo_bot_token is not None:  # replies, notices and campaigns on Zalo
        services.zalo = zalo_delivery.for_settings(settings, db)
        await services.zalo.start()
        router.register(Channel.ZALO, services.zalo)
    if warm_nlp:
        await asyncio.to_thread(nlp.warm_up)
    return services


async def close_services(services: Services) -> None:
    """Release what ``build_services`` opened."""
    try:
        if services.telegram is not None:
            await services.telegram.stop()
        if services.zalo is not None:
            await services.zalo.stop()
    finally:
        await services.db.dispose()


@asynccontextmanager
async def open_services(settings: Settings, *, telegram: bool = True) -> AsyncIterator[Services]:
    """``async with open_services(settings) as services: …`` for commands."""
    services = await build_services(settings, telegram=telegram)
    try:
        yield services
    finally:
        await close_services(services)
