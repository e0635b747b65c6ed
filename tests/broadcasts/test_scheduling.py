"""Scheduled campaigns: the interval job starts due ones, recurring ones create new runs."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from broadcasts import workflow
from broadcasts.scheduling import CampaignRunner, is_due
from storage.broadcast_models import Campaign
from storage.models import utcnow
from storage.uow import UnitOfWork
from tests.broadcasts.sender_support import add_subscribers, approved_campaign
from tests.support.fake_bot_api import FakeBotApi


async def test_due_campaign_is_sent_by_the_scheduler_job(
    sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine
) -> None:
    chats = [301, 302, 303]
    await add_subscribers(sessions, chats)
    campaign_id = await approved_campaign(sessions)
    async with UnitOfWork(sessions) as uow:
        await workflow.schedule(uow, campaign_id, "tt1", kind="now")
        await uow.commit()
    async with FakeBotApi() as fake:
        job = CampaignRunner(engine, sessions, fake.base_url, fake.token, 25)
        await job.tick()
        await job.tick()  # a second look while running starts nothing twice
        await asyncio.gather(*job._running.values())
        await job.close()
        assert Counter(m.chat_id for m in fake.sent) == Counter(dict.fromkeys(chats, 1))
    async with UnitOfWork(sessions) as uow:
        assert (await workflow.get_campaign(uow, campaign_id)).status == "done"


async def test_recurring_campaign_is_due_after_its_next_fire_time(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    now = utcnow()
    campaign = Campaign(
        schedule_kind="cron", cron="* * * * *", started_at=now - timedelta(minutes=2)
    )
    assert is_due(campaign, now)
    campaign.started_at = now
    assert not is_due(campaign, now)
    later = Campaign(schedule_kind="at", scheduled_at=now + timedelta(hours=1))
    assert not is_due(later, now) and is_due(later, now + timedelta(hours=2))
