"""Wiring of the periodic leadership reports into the service's scheduler."""

from __future__ import annotations

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from dashboard.keys import DATABASE, DELIVERY, LEADERSHIP_CHAT_ID
from reporting.jobs import register_stats_jobs


def register_reporting_jobs(app: web.Application, scheduler: AsyncIOScheduler) -> None:
    """Weekly and monthly reports on this worker, their summaries through the delivery port."""
    register_stats_jobs(scheduler, app[DATABASE], app[DELIVERY], app.get(LEADERSHIP_CHAT_ID))
