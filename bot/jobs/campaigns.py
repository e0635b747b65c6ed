"""Wiring of scheduled broadcast campaigns into the service's scheduler."""

from __future__ import annotations

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.settings import Settings
from broadcasts.campaign_runner import POLL_SECONDS, CampaignRunner
from dashboard.keys import DATABASE, DELIVERY


def register_broadcast_jobs(app: web.Application, scheduler: AsyncIOScheduler) -> None:
    """Run due campaigns from this worker through the service's delivery port (needs a
    Telegram token: campaigns are only delivered on Telegram)."""
    from bot.app import SETTINGS  # the key lives with the wiring that sets it

    settings: Settings = app[SETTINGS]
    if settings.telegram_bot_token is None:
        return
    campaign_runner = CampaignRunner(app[DATABASE], app[DELIVERY])
    scheduler.add_job(
        campaign_runner.tick,
        "interval",
        seconds=POLL_SECONDS,
        id="broadcast-campaigns",
        replace_existing=True,
        max_instances=1,
        coalesce=True,
    )

    async def close(_: web.Application) -> None:
        await campaign_runner.close()

    app.on_shutdown.append(close)
