"""Wiring of the staff Telegram group: alert and digest jobs, and the group's handler."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.channels import ChannelRouter
from bot.settings import Settings
from dashboard.keys import DATABASE, DISPATCHER
from domain.delivery import Channel
from domain.sla import VN_TZ
from handlers.staff.actions import StaffActions
from handlers.staff.alert_text import GroupConfig
from handlers.staff.alerts import StaffAlerts
from handlers.staff.digest import StaffDigest
from handlers.staff.group import StaffGroup

if TYPE_CHECKING:
    from bot.channels.telegram.adapter import HandleFn

log = logging.getLogger(__name__)
TELEGRAM = Channel.TELEGRAM


@dataclass(frozen=True)
class StaffGroupServices:
    """Everything that talks to the staff group, built once Telegram is up."""

    alerts: StaffAlerts
    digest: StaffDigest
    group: StaffGroup
    settings: Settings


STAFF_GROUP = web.AppKey("staff_group", StaffGroupServices)


def setup(app: web.Application, settings: Settings, router: ChannelRouter) -> HandleFn | None:
    """Build the staff group's services (Telegram on and a group configured); its handler."""
    if settings.staff_telegram_chat_id is None:
        log.info("STAFF_TELEGRAM_CHAT_ID is not set: no staff alerts, digest or /hangdoi")
        return None
    db = app[DATABASE]
    config = GroupConfig(
        chat_id=str(settings.staff_telegram_chat_id),
        channel=TELEGRAM,
        dashboard_url=settings.dashboard_public_url,
    )
    calendar = app[DISPATCHER].config.sla.calendar
    services = StaffGroupServices(
        alerts=StaffAlerts(db, router, config),
        digest=StaffDigest(db, router, config, calendar, settings.digest_time),
        group=StaffGroup(db, StaffActions(db, router), config),
        settings=settings,
    )
    app[STAFF_GROUP] = services
    return services.group.handle


def register_jobs(app: web.Application, scheduler: AsyncIOScheduler) -> None:
    """Urgent alerts every few seconds, batched ones every few minutes, the daily digest."""
    services = app.get(STAFF_GROUP)
    if services is None:
        log.info("staff group jobs not scheduled: Telegram or STAFF_TELEGRAM_CHAT_ID is not set")
        return
    settings = services.settings
    scheduler.add_job(
        services.alerts.send_urgent,
        IntervalTrigger(seconds=settings.alert_urgent_seconds),
        id="staff_alerts_urgent",
        misfire_grace_time=60,
    )
    scheduler.add_job(
        _batch_and_catch_up,
        IntervalTrigger(seconds=settings.alert_batch_minutes * 60),
        args=[services],
        id="staff_alerts_batch",
    )
    weekdays = ",".join(str(day) for day in settings.work_weekdays)
    scheduler.add_job(
        services.digest.send,
        CronTrigger(
            day_of_week=weekdays,
            hour=settings.digest_time.hour,
            minute=settings.digest_time.minute,
            timezone=VN_TZ,
        ),
        id="staff_overdue_digest",
    )


async def _batch_and_catch_up(services: StaffGroupServices) -> None:
    """The batched alerts; also sends today's digest if no worker was up at digest time."""
    await services.alerts.send_batch()
    await services.digest.send_if_due()
