"""Scheduled campaigns: the interval job starts due ones, recurring ones create new runs."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

from broadcasts import workflow
from broadcasts.campaign_runner import CampaignRunner
from broadcasts.scheduling import is_due, valid_crontab
from storage.broadcast_models import Campaign
from storage.database import Database
from storage.models import utcnow
from tests.broadcasts.sender_support import add_subscribers, approved_campaign, telegram_delivery
from tests.support.fake_bot_api import FakeBotApi


async def test_due_campaign_is_sent_by_the_scheduler_job(db: Database) -> None:
    chats = [301, 302, 303]
    await add_subscribers(db, chats)
    campaign_id = await approved_campaign(db)
    async with db.uow() as uow:
        await workflow.schedule(uow, campaign_id, "tt1", kind="now")
        await uow.commit()
    async with FakeBotApi() as fake, telegram_delivery(fake) as delivery:
        job = CampaignRunner(db, delivery)
        await job.tick()
        await job.tick()  # a second look while running starts nothing twice
        await asyncio.gather(*job._running.values())
        await job.close()
        assert Counter(m.chat_id for m in fake.sent) == Counter(dict.fromkeys(chats, 1))
    async with db.uow() as uow:
        assert (await workflow.get_campaign(uow, campaign_id)).status == "done"


async def test_recurring_campaign_is_due_after_its_next_fire_time() -> None:
    now = utcnow()
    campaign = Campaign(
        schedule_kind="cron", cron="* * * * *", started_at=now - timedelta(minutes=2)
    )
    assert is_due(campaign, now)
    campaign.started_at = now
    assert not is_due(campaign, now)
    later = Campaign(schedule_kind="at", scheduled_at=now + timedelta(hours=1))
    assert not is_due(later, now) and is_due(later, now + timedelta(hours=2))


def test_crontab_check() -> None:
    assert valid_crontab("0 8 * * 1") and valid_crontab("* * * * *")
    assert not valid_crontab("every monday") and not valid_crontab("")
