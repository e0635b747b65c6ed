"""Helpers of the broadcast sender tests: subscribers, an approved campaign, a sender."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import insert

from bot.channels.telegram.budget import RateBudget
from bot.channels.telegram.delivery import TelegramDelivery, new_bot
from broadcasts import workflow
from broadcasts.sender import CampaignSender, SenderConfig
from domain.clock import Clock
from storage.broadcast_models import Subscriber
from storage.database import Database
from storage.models import utcnow
from tests.support.fake_bot_api import FakeBotApi


async def add_subscribers(db: Database, chats: list[int]) -> None:
    async with db.uow() as uow:
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


async def approved_campaign(db: Database, text: str = "Tin Kết luận 72", **extra: object) -> int:
    async with db.uow() as uow:
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


def make_sender(db: Database, delivery: TelegramDelivery, **config: object) -> CampaignSender:
    settings = {"workers": 8, "backoff": 0.05, **config}
    return CampaignSender(db, delivery, SenderConfig(**settings))  # type: ignore[arg-type]


@asynccontextmanager
async def telegram_delivery(
    fake: FakeBotApi, *, rate: float = 25.0, clock: Clock | None = None
) -> AsyncIterator[TelegramDelivery]:
    """The product's Telegram port (python-telegram-bot) aimed at the loopback server."""
    budget = RateBudget(rate) if clock is None else RateBudget(rate, clock=clock)
    delivery = TelegramDelivery(
        new_bot(fake.token, fake.base_url, fake.base_file_url), budget, owns_bot=True
    )
    await delivery.start()
    try:
        yield delivery
    finally:
        await delivery.stop()
