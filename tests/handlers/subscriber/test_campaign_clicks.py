"""«Tìm hiểu thêm» presses on campaign messages are counted and answered."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from broadcasts.workflow import create_campaign
from domain.catalogue import t
from handlers.chat.config import HandlerConfig
from handlers.chat.dispatcher import Dispatcher
from storage.broadcast_models import CampaignClick
from storage.database import Database
from storage.uow import UnitOfWork
from tests.handlers.chat_driver import ChatDriver, texts
from tests.support.fake_delivery import RecordingDelivery


async def test_learn_more_clicks_are_counted_and_answered(
    sessions: async_sessionmaker[AsyncSession], db: Database
) -> None:
    async with UnitOfWork(sessions) as uow:
        campaign = await create_campaign(
            uow,
            title="Kết luận 72",
            text="Phát triển hạ tầng đồng bộ",
            author="tuyentruyen",
            buttons=[
                {
                    "text": "Tìm hiểu thêm",
                    "learn_more": "kl72",
                    "answer": "Kết luận 72-KL/TW ngày 23/02/2024 của Bộ Chính trị.",
                    "url": "https://example.org/kl72",
                }
            ],
        )
        await uow.commit()
    chat = ChatDriver(Dispatcher(db, RecordingDelivery(), HandlerConfig()), chat_id="9100")
    replies = await chat.press(f"bc:{campaign.id}:kl72")
    assert "23/02/2024" in texts(replies)
    assert replies[0].buttons[0][0].url == "https://example.org/kl72"
    await chat.press(f"bc:{campaign.id}:kl72")
    assert t("bc_learn_more_gone") in texts(await chat.press(f"bc:{campaign.id}:khac"))
    assert t("bc_learn_more_gone") in texts(await chat.press("bc:999999:kl72"))
    async with sessions() as session:
        clicks = (await session.execute(select(CampaignClick))).scalars().all()
    assert [(c.campaign_id, c.button) for c in clicks] == [(campaign.id, "kl72")] * 2
