"""Wiring of scheduled broadcast campaigns into the service's scheduler."""

from __future__ import annotations

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.settings import Settings
from broadcasts.scheduling import CampaignRunner, register
from dashboard.keys import ENGINE, SESSIONS


def register_broadcast_jobs(app: web.Application, scheduler: AsyncIOScheduler) -> None:
    """Run due campaigns from this worker (needs a Telegram token)."""
    from bot.app import SETTINGS  # the key lives with the wiring that sets it

    settings: Settings = app[SETTINGS]
    if settings.telegram_bot_token is None:
        return
    campaign_runner = CampaignRunner(
        app[ENGINE],
        app[SESSIONS],
        settings.telegram_api_base_url,
        settings.telegram_bot_token.get_secret_value(),
        settings.broadcast_rate_per_second,
    )
    register(scheduler, campaign_runner)

    async def close(_: web.Application) -> None:
        await campaign_runner.close()

    app.on_shutdown.append(close)
