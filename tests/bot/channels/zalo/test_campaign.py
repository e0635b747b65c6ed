"""One campaign run with a quiz reaches Telegram and Zalo subscribers; Zalo answers by number.

The campaign sender holds one delivery port (the channel router) with both adapters; the
Telegram loopback server and both rate budgets count on one virtual clock.
"""

from __future__ import annotations

from sqlalchemy import insert, select

from bot.channels import ChannelRouter
from bot.channels.zalo.adapter import ZaloAdapter
from bot.channels.zalo.budget import ZaloRateBudget
from bot.channels.zalo.client import ZaloClient
from bot.channels.zalo.delivery import ZaloDelivery
from broadcasts import runner
from broadcasts.sender import CampaignSender, SenderConfig
from domain.catalogue import t
from domain.delivery import Channel
from handlers.chat.config import HandlerConfig
from handlers.chat.dispatcher import Dispatcher
from storage.broadcast_models import Subscriber
from storage.database import Database
from storage.models import utcnow
from tests.broadcasts.sender_support import add_subscribers, approved_campaign, telegram_delivery
from tests.broadcasts.test_sending import Loopback
from tests.support.fake_zalo_api import FakeZaloApi

TELEGRAM_CHATS = [4001, 4002, 4003]
ZALO_CHATS = ["za1", "za2", "za3"]
BLOCKED = "za4"  # blocked the bot: marked like a Telegram subscriber who did
QUESTION = {"text": "Kết luận số mấy?", "options": ["72", "73"], "correct_index": 0}


async def add_zalo_subscribers(db: Database, chats: list[str]) -> None:
    async with db.uow() as uow:
        rows = [
            {
                "channel": "zalo",
                "chat_id": chat,
                "status": "active",
                "source": "import",
                "topics": [],
                "consented_at": utcnow(),
            }
            for chat in chats
        ]
        await uow.session.execute(insert(Subscriber), rows)
        await uow.commit()


async def test_a_quiz_campaign_reaches_telegram_and_zalo_in_one_run(
    db: Database, zalo_api: FakeZaloApi
) -> None:
    await add_subscribers(db, TELEGRAM_CHATS)
    await add_zalo_subscribers(db, [*ZALO_CHATS, BLOCKED])
    zalo_api.blocked.add(BLOCKED)
    async with db.uow() as uow:
        quiz = await uow.quizzes.create(
            code="kl72", title="Tìm hiểu Kết luận 72", is_contest=False, questions=[QUESTION]
        )
        await uow.commit()
        quiz_id = quiz.id
    campaign_id = await approved_campaign(db, quiz_id=quiz_id)
    await runner.begin(db, campaign_id, "cli")
    async with (
        Loopback() as fake,
        telegram_delivery(fake, clock=fake.virtual) as telegram,
        ZaloClient(zalo_api.token, zalo_api.base_url) as client,
    ):
        zalo = ZaloDelivery(client, db, ZaloRateBudget(100, clock=fake.virtual))
        router = ChannelRouter()
        router.register(Channel.TELEGRAM, telegram)
        router.register(Channel.ZALO, zalo)
        sender = CampaignSender(db, router, SenderConfig(workers=8, backoff=0.05))
        assert await runner.send_run(db, sender, campaign_id, exclusive=True)
        intro = t("qz_intro", title="Tìm hiểu Kết luận 72")
        for chat in TELEGRAM_CHATS:
            sent, telegram_intro = fake.messages_to(chat)
            assert sent.text == "Tin Kết luận 72" and telegram_intro.text == intro
        for zalo_chat in ZALO_CHATS:
            campaign, quiz_intro = zalo_api.to(zalo_chat)
            assert campaign.text == "Tin Kết luận 72"
            assert (quiz_intro.text or "").startswith(intro)
            assert f"1. {t('qz_start_button')}" in (quiz_intro.text or "")
        # The Zalo subscriber types «1» to start, then «1» for the first option (72).
        dispatcher = Dispatcher(db, router, HandlerConfig(flood_max_messages=100))
        adapter = ZaloAdapter(client, db, dispatcher.handle, 1024)
        for typed in ("1", "1"):
            event = zalo_api.message_event("za1", "message.text.received", text=typed)
            await adapter.on_event(event)
        async with db.uow() as uow:
            statuses = await uow.session.execute(select(Subscriber.chat_id, Subscriber.status))
            status = {chat: state for chat, state in statuses.all()}
    assert status[BLOCKED] == "blocked" and status["za2"] == "active"
    texts = [m.text or "" for m in zalo_api.to("za1")[2:]]
    assert "Kết luận số mấy?" in texts[0] and "1. A" in texts[0] and "2. B" in texts[0]
    assert any(t("qz_correct") in text for text in texts[1:])
