"""Scheduled campaigns in the service: now, at a moment, or recurring (crontab).

The schedule is persisted in the ``campaigns`` table itself (``schedule_kind``, ``scheduled_at``,
``cron``), and one APScheduler interval job looks for due campaigns every few seconds, so a
restart loses nothing and several workers agree through the run lock (PostgreSQL advisory lock,
SQLite file lock). A recurring campaign's next run is due when the crontab's next fire time
after its last run's start has passed; each run gets its own outbox (run 2, 3, …).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from broadcasts import runner
from broadcasts.botapi import BotApi
from broadcasts.sender import CampaignSender, SenderConfig, quiz_hook
from domain.sla import VN_TZ
from storage.broadcast_models import Campaign
from storage.models import utcnow

log = logging.getLogger(__name__)
POLL_SECONDS = 5


def is_due(campaign: Campaign, now: datetime) -> bool:
    """True when a ``scheduled`` campaign should start a run now."""
    if campaign.schedule_kind == "now":
        return True
    if campaign.schedule_kind == "at":
        return campaign.scheduled_at is not None and campaign.scheduled_at <= now
    if campaign.schedule_kind == "cron" and campaign.cron:
        trigger = CronTrigger.from_crontab(campaign.cron, timezone=VN_TZ)
        since = campaign.started_at or campaign.updated_at
        upcoming = trigger.get_next_fire_time(None, since.astimezone(VN_TZ))
        return upcoming is not None and upcoming <= now
    return False


class CampaignRunner:
    """Starts due campaigns and carries on ``sending`` ones nobody else is running."""

    def __init__(
        self,
        engine: AsyncEngine,
        sessions: async_sessionmaker[AsyncSession],
        api_base_url: str,
        token: str,
        rate: float,
    ) -> None:
        self.engine = engine
        self.sessions = sessions
        self.api = BotApi(api_base_url, token)
        self.config = SenderConfig(rate=rate)
        self._sender: CampaignSender | None = None
        self._running: dict[int, asyncio.Task[Any]] = {}

    async def tick(self) -> None:
        """One look for due work (the interval job)."""
        await self.api.open()
        if self._sender is None:
            self._sender = CampaignSender(self.engine, self.api, self.config, quiz=quiz_hook())
        now = utcnow()
        async with self.sessions() as session:
            rows = (
                await session.execute(
                    select(Campaign).where(Campaign.status.in_(("scheduled", "sending")))
                )
            ).scalars()
            due = [c.id for c in rows if c.status == "sending" or is_due(c, now)]
        for campaign_id in due:
            task = self._running.get(campaign_id)
            if task is None or task.done():
                self._running[campaign_id] = asyncio.create_task(self._run(campaign_id))

    async def _run(self, campaign_id: int) -> None:
        assert self._sender is not None
        try:
            async with runner.run_lock(self.engine, campaign_id) as mine:
                if not mine:
                    return  # another worker runs it
                await runner.begin(self.sessions, campaign_id, "scheduler")
                await runner.send_run(
                    self.sessions,
                    self.engine,
                    self._sender,
                    campaign_id,
                    exclusive=True,
                    actor="scheduler",
                )
        except Exception:
            log.exception("campaign %s run failed", campaign_id)

    async def close(self) -> None:
        for task in self._running.values():
            task.cancel()
        await asyncio.gather(*self._running.values(), return_exceptions=True)
        await self.api.close()


def register(
    scheduler: AsyncIOScheduler, campaign_runner: CampaignRunner, seconds: int = POLL_SECONDS
) -> None:
    """Add the due-campaign job to the service's scheduler."""
    scheduler.add_job(
        campaign_runner.tick,
        "interval",
        seconds=seconds,
        id="broadcast-campaigns",
        replace_existing=True,
        max_instances=1,
        coalesce=True,
    )
