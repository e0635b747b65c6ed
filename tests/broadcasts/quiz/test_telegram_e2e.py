"""The quiz with the real service (python-telegram-bot) against the loopback Bot API server."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from bot.channels.telegram.delivery import TelegramDelivery, new_bot
from broadcasts.message import quiz_intro
from broadcasts.quiz import answer_callback, quiz_start_callback
from broadcasts.quiz_polls import start_quiz_polls
from domain.catalogue import t
from domain.delivery import Channel, Delivered
from storage.broadcast_models import QuizAnswer, QuizPoll, QuizQuestion
from storage.database import Database, create_engine, session_factory
from tests.broadcasts.quiz.support import add_subscriber, load_pack
from tests.e2e.service import (
    TelegramUser,
    free_port,
    inline_callbacks,
    running_service,
    service_settings,
)
from tests.support.fake_bot_api import FakeBotApi


async def test_quiz_by_buttons_and_by_poll_over_telegram(api: FakeBotApi, db_url: str) -> None:
    async with running_service(service_settings(api, db_url, free_port())):
        engine = create_engine(db_url)  # the service has migrated the database
        sessions = session_factory(engine)
        db = Database(engine)
        # the product's Telegram port, as the campaign sender uses it
        delivery = TelegramDelivery(
            new_bot(api.token, api.base_url, api.base_file_url), owns_bot=True
        )
        await delivery.start()
        try:
            loaded = await load_pack(sessions)
            button_user = await add_subscriber(sessions, "7001", channel="telegram")
            poll_user = await add_subscriber(sessions, "7002", channel="telegram")
            async with sessions() as session:
                rows = await session.execute(
                    select(
                        QuizQuestion.id,
                        QuizQuestion.text,
                        QuizQuestion.correct_index,
                        QuizQuestion.explanation,
                    ).order_by(QuizQuestion.position)
                )
                first, second = rows.all()[:2]

            # what follows a campaign carrying the quiz
            intro_reply = quiz_intro(loaded.quiz_id, loaded.quiz_title)
            sent = await delivery.deliver(Channel.TELEGRAM, "7001", intro_reply)
            assert isinstance(sent, Delivered)
            user = TelegramUser(api, 7001)
            intro = await user.wait_for(loaded.quiz_title)
            assert inline_callbacks(intro) == [quiz_start_callback(loaded.quiz_id)]

            messages = await user.press(quiz_start_callback(loaded.quiz_id), "Câu 1/10")
            assert inline_callbacks(messages) == [answer_callback(first.id, i) for i in range(4)]
            messages = await user.press(answer_callback(first.id, first.correct_index), "Câu 2/10")
            shown = "\n".join(m.text or "" for m in messages)
            assert t("qz_correct") in shown and str(first.explanation) in shown
            wrong = (first.correct_index + 1) % 4
            await user.press(answer_callback(first.id, wrong), t("qz_already"))
            await user.send_text("/ketqua", "1/10")

            # the same quiz as Telegram quiz polls for another subscriber
            assert await start_quiz_polls(db, delivery, poll_user, loaded.quiz_id)
            polls = await api.wait_for_messages(7002, 1)
            assert polls[0].method == "sendPoll" and polls[0].text == f"Câu 1/10: {first.text}"
            poll = polls[0].message["poll"]
            assert poll["type"] == "quiz" and poll["is_anonymous"] is False
            assert poll["correct_option_id"] == first.correct_index
            api.push_update(api.poll_answer_update(poll["id"], 7002, [first.correct_index]))
            polls = await api.wait_for_messages(7002, 2)
            assert polls[1].method == "sendPoll" and (polls[1].text or "").startswith("Câu 2/10")
            assert polls[1].text == f"Câu 2/10: {second.text}"

            async with sessions() as session:
                answers = (await session.scalars(select(QuizAnswer))).all()
            for _ in range(200):  # the new poll is mapped right after Telegram accepted it
                async with sessions() as session:
                    mapped = await session.scalar(select(func.count()).select_from(QuizPoll))
                if mapped == 2:
                    break
                await asyncio.sleep(0.05)
            assert sorted((a.subscriber_id, a.question_id, a.correct) for a in answers) == [
                (button_user, first.id, True),
                (poll_user, first.id, True),
            ]
            assert mapped == 2
        finally:
            await delivery.stop()
            await engine.dispose()
