"""The sender end to end against the loopback Bot API server, on SQLite and PostgreSQL.

The rate budget and the server share one fake clock, so spacing is asserted on virtual time and
no test depends on how fast the machine is.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from broadcasts import outbox, runner, workflow
from domain.catalogue import t
from domain.quiz import quiz_start_callback
from storage.broadcast_models import OutboxMessage, Subscriber
from storage.database import Database
from tests.broadcasts.sender_support import (
    add_subscribers,
    approved_campaign,
    make_sender,
    telegram_delivery,
)
from tests.support.clock import FakeClock
from tests.support.fake_bot_api import FakeBotApi

CHATS = list(range(1001, 1041))


class Loopback(FakeBotApi):
    """The loopback server on the virtual clock that the sender's rate budget uses too."""

    def __init__(self) -> None:
        self.virtual = FakeClock()
        super().__init__(clock=self.virtual.monotonic)

    async def __aenter__(self) -> Loopback:
        await self.start()
        return self


async def _send(db: Database, fake: Loopback, campaign_id: int, **config: object) -> None:
    await runner.begin(db, campaign_id, "cli")
    async with telegram_delivery(fake, clock=fake.virtual) as delivery:
        sender = make_sender(db, delivery, **config)
        assert await runner.send_run(db, sender, campaign_id, exclusive=True)


def _per_chat(fake: FakeBotApi) -> Counter[int]:
    return Counter(message.chat_id for message in fake.sent)


async def test_every_subscriber_gets_the_campaign_once_within_limits(
    db: Database,
) -> None:
    await add_subscribers(db, CHATS)
    campaign_id = await approved_campaign(
        db,
        buttons=[
            {"text": "Tìm hiểu thêm", "learn_more": "kl72"},
            {"text": "Văn bản", "url": "https://example.vn/kl72"},
        ],
    )
    async with Loopback() as fake:
        await _send(db, fake, campaign_id)
        assert _per_chat(fake) == Counter(dict.fromkeys(CHATS, 1))
        assert fake.too_many_requests == 0
        markup = fake.sent[0].reply_markup or {}
        assert markup["inline_keyboard"][0][0]["callback_data"] == f"bc:{campaign_id}:kl72"
    async with db.uow() as uow:
        figures = await workflow.progress(uow, campaign_id)
        status = (await workflow.get_campaign(uow, campaign_id)).status
    assert (figures.total, figures.sent, figures.pending) == (len(CHATS), len(CHATS), 0)
    assert status == "done"


async def test_429_pauses_and_the_message_still_arrives_once(
    db: Database,
) -> None:
    await add_subscribers(db, CHATS[:5])
    campaign_id = await approved_campaign(db)
    async with Loopback() as fake:
        fake.fail_next("sendMessage", 429, retry_after=1)
        await _send(db, fake, campaign_id, workers=1)
        assert _per_chat(fake) == Counter(dict.fromkeys(CHATS[:5], 1))
        refused = next(c for c in fake.calls if c.status == 429)
        after = [c.time for c in fake.calls if c.method == "sendMessage" and c.time > refused.time]
        assert after and min(after) - refused.time >= 1.0


async def test_403_blocks_the_subscriber_for_good(
    db: Database,
) -> None:
    await add_subscribers(db, CHATS[:4])
    first = await approved_campaign(db)
    async with Loopback() as fake:
        fake.block_chat(CHATS[0])
        await _send(db, fake, first)
        second = await approved_campaign(db, text="Tin thứ hai")
        fake.unblock_chat(CHATS[0])
        await _send(db, fake, second)
        assert fake.messages_to(CHATS[0]) == []
        assert all(len(fake.messages_to(chat)) == 2 for chat in CHATS[1:4])
    async with db.uow() as uow:
        subscriber = (
            await uow.session.execute(select(Subscriber).where(Subscriber.chat_id == str(CHATS[0])))
        ).scalar_one()
        assert subscriber.status == "blocked" and subscriber.blocked_at is not None
        figures = await workflow.progress(uow, first)
        assert (figures.sent, figures.blocked) == (3, 1)


async def test_5xx_is_retried_then_fails_with_its_reason(
    db: Database,
) -> None:
    await add_subscribers(db, CHATS[:2])
    campaign_id = await approved_campaign(db)
    async with Loopback() as fake:
        fake.fail_next("sendMessage", 502, count=2)  # transient: succeeds on the 3rd attempt
        await _send(db, fake, campaign_id, workers=1, max_attempts=3)
        assert _per_chat(fake) == Counter(dict.fromkeys(CHATS[:2], 1))
        other = await approved_campaign(db, text="Tin khác")
        fake.fail_next("sendMessage", 500, count=100)  # permanent
        await _send(db, fake, other, workers=1, max_attempts=3)
        assert len(fake.messages_to(CHATS[0])) == 1
    async with db.uow() as uow:
        figures = await workflow.progress(uow, other)
        rows = (
            (
                await uow.session.execute(
                    select(OutboxMessage).where(OutboxMessage.campaign_id == other)
                )
            )
            .scalars()
            .all()
        )
        assert figures.failed == 2
        assert all(row.attempts == 3 and "500" in (row.error or "") for row in rows)
        assert figures.failed_reasons == {rows[0].error: 2}


async def test_per_chat_spacing_photo_then_long_text(
    db: Database,
) -> None:
    await add_subscribers(db, CHATS[:3])
    long_text = "Kết luận 72-KL/TW. " * 80  # longer than a photo caption
    campaign_id = await approved_campaign(
        db, text=long_text, photo=b"\x89PNG fake", photo_mime="image/png"
    )
    async with Loopback() as fake:
        await _send(db, fake, campaign_id)
        for chat in CHATS[:3]:
            messages = fake.messages_to(chat)
            assert [m.method for m in messages] == ["sendPhoto", "sendMessage"]
            assert messages[1].time - messages[0].time >= 1.0  # virtual seconds
        assert fake.too_many_requests == 0
        uploads = [
            c
            for c in fake.calls
            if c.method == "sendPhoto" and isinstance(c.params["photo"], bytes)
        ]
        assert len(uploads) == 1  # the others reuse Telegram's file id


async def test_people_who_leave_after_the_outbox_is_built_get_nothing(
    db: Database,
) -> None:
    await add_subscribers(db, CHATS[:4])
    campaign_id = await approved_campaign(db)
    run = await runner.begin(db, campaign_id, "cli")
    assert await outbox.materialise(db, campaign_id, run) == 4  # the outbox holds all four
    async with db.uow() as uow:
        leaver = (
            await uow.session.execute(select(Subscriber).where(Subscriber.chat_id == str(CHATS[0])))
        ).scalar_one()
        leaver.status = "unsubscribed"
        await uow.commit()
    async with Loopback() as fake, telegram_delivery(fake, clock=fake.virtual) as delivery:
        sender = make_sender(db, delivery)
        assert await runner.send_run(db, sender, campaign_id, exclusive=True)
        assert _per_chat(fake) == Counter(dict.fromkeys(CHATS[1:4], 1))
    async with db.uow() as uow:
        figures = await workflow.progress(uow, campaign_id)
    assert figures.sent == 3 and figures.failed_reasons == {"unsubscribed": 1}


async def test_a_campaign_carrying_a_quiz_is_followed_by_its_intro(db: Database) -> None:
    await add_subscribers(db, CHATS[:3])
    async with db.uow() as uow:
        quiz = await uow.quizzes.create(
            code="kl72",
            title="Tìm hiểu Kết luận 72",
            is_contest=False,
            questions=[{"text": "Kết luận số mấy?", "options": ["72", "73"], "correct_index": 0}],
        )
        await uow.commit()
        quiz_id = quiz.id
    campaign_id = await approved_campaign(db, quiz_id=quiz_id)
    async with Loopback() as fake:
        await _send(db, fake, campaign_id)
        for chat in CHATS[:3]:
            campaign, intro = fake.messages_to(chat)
            assert campaign.text == "Tin Kết luận 72"
            assert intro.text == t("qz_intro", title="Tìm hiểu Kết luận 72")
            markup = intro.reply_markup or {}
            assert markup["inline_keyboard"][0][0]["callback_data"] == quiz_start_callback(quiz_id)
            assert intro.time - campaign.time >= 1.0  # the chat's spacing holds for it too
