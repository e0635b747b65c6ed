"""Helpers of the broadcast sender tests: subscribers, an approved campaign, a sender."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from broadcasts import workflow
from broadcasts.botapi import BotApi
from broadcasts.sender import CampaignSender, SenderConfig
from storage.broadcast_models import Subscriber
from storage.models import utcnow
from storage.uow import UnitOfWork
from tests.support.fake_bot_api import FakeBotApi


async def add_subscribers(sessions: async_sessionmaker[AsyncSession], chats: list[int]) -> None:
    async with UnitOfWork(sessions) as uow:
        await uow.session.execute(
            insert(Subscriber),
            [
                {
                    "channel": "telegram",
                    "chat_id": str(chat),
                    "status": "active",
                    "source": "import",
                    "topics": [],
                    "consented_at": utcnow(),
                }
                for chat in chats
            ],
        )
        await uow.commit()


async def approved_campaign(
    sessions: async_sessionmaker[AsyncSession], text: str = "Tin Kết luận 72", **extra: object
) -> int:
    async with UnitOfWork(sessions) as uow:
        campaign = await workflow.create_campaign(
            uow,
            title="Chiến dịch",
            text=text,
            author="tuyen_truyen_1",
            audience_filter={"all": True},
            **extra,  # type: ignore[arg-type]
        )
        await workflow.submit(uow, campaign.id, "tuyen_truyen_1")
        await workflow.approve(uow, campaign.id, "lanh_dao_1")
        await uow.commit()
        return campaign.id


def make_sender(engine: AsyncEngine, api: BotApi, **config: object) -> CampaignSender:
    settings = {"rate": 25.0, "workers": 8, "backoff": 0.05, **config}
    return CampaignSender(engine, api, SenderConfig(**settings))  # type: ignore[arg-type]


def bot_api(fake: FakeBotApi) -> BotApi:
    return BotApi(fake.base_url, fake.token)
