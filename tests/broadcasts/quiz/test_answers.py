"""Answering the quiz by buttons through the real handlers, and /ketqua."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from broadcasts.content_pack import read_pack
from broadcasts.quiz import answer_callback, quiz_start_callback
from domain.catalogue import t
from handlers.chat.config import HandlerConfig
from handlers.chat.dispatcher import Dispatcher
from storage.broadcast_models import Quiz, QuizAnswer, QuizQuestion
from storage.database import Database
from storage.models import utcnow
from tests.broadcasts.quiz.support import add_subscriber, load_pack
from tests.handlers.chat_driver import ChatDriver, callbacks, texts
from tests.support.fake_delivery import RecordingDelivery


@pytest.fixture
def dispatcher(db: Database) -> Dispatcher:
    return Dispatcher(db, RecordingDelivery(), HandlerConfig(flood_max_messages=1000))


async def _questions(sessions: async_sessionmaker[AsyncSession]) -> list[QuizQuestion]:
    async with sessions() as session:
        return list((await session.scalars(select(QuizQuestion).order_by(QuizQuestion.id))).all())


async def test_whole_quiz_by_buttons(
    sessions: async_sessionmaker[AsyncSession], dispatcher: Dispatcher
) -> None:
    loaded = await load_pack(sessions)
    await add_subscriber(sessions, "1001")
    chat = ChatDriver(dispatcher, chat_id="1001")
    questions = await _questions(sessions)
    spec = read_pack()["quiz"]["questions"]

    replies = await chat.press(quiz_start_callback(loaded.quiz_id))
    assert f"Câu 1/10: {spec[0]['text']}" in texts(replies)
    assert callbacks(replies) == [answer_callback(questions[0].id, i) for i in range(4)]

    expected_score = 0
    for number, (question, item) in enumerate(zip(questions, spec, strict=True), start=1):
        # right answers on odd questions, a wrong one on even questions
        choice = item["correct_index"] if number % 2 else (item["correct_index"] + 1) % 4
        expected_score += number % 2
        replies = await chat.press(answer_callback(question.id, choice))
        shown = texts(replies)
        assert (t("qz_correct") if number % 2 else "❌") in shown
        assert item["explanation"] in shown
        if number < 10:
            assert f"Câu {number + 1}/10" in shown
    assert t("qz_finished", title=loaded.quiz_title, score=expected_score, total=10) in shown

    # a second press on an answered question changes nothing
    first = questions[1]
    replies = await chat.press(answer_callback(first.id, spec[1]["correct_index"]))
    assert t("qz_already") in texts(replies)
    assert f"{expected_score}/10" in texts(replies)
    async with sessions() as session:
        stored = await session.scalar(select(func.count()).select_from(QuizAnswer))
        kept = await session.scalar(
            select(QuizAnswer.correct).where(QuizAnswer.question_id == first.id)
        )
    assert stored == 10 and kept is False

    replies = await chat.text("/ketqua")
    assert t(
        "qz_result", title=loaded.quiz_title, score=expected_score, total=10, answered=10
    ) in texts(replies)
    assert t("qz_result_rank", rank=1, participants=1) in texts(replies)


async def test_duplicate_press_before_the_next_question_counts_once(
    sessions: async_sessionmaker[AsyncSession], dispatcher: Dispatcher
) -> None:
    loaded = await load_pack(sessions)
    await add_subscriber(sessions, "2002")
    chat = ChatDriver(dispatcher, chat_id="2002")
    question = (await _questions(sessions))[0]
    wrong = (question.correct_index + 1) % 4
    await chat.press(answer_callback(question.id, wrong))
    replies = await chat.press(answer_callback(question.id, question.correct_index))
    assert t("qz_already") in texts(replies)
    assert "Câu 2/10" in texts(replies)  # carries on where they are
    replies = await chat.text(f"/ketqua {read_pack()['quiz']['code']}")
    assert t("qz_result", title=loaded.quiz_title, score=0, total=10, answered=1) in texts(replies)


async def test_strangers_and_bad_buttons_get_a_clear_answer(
    sessions: async_sessionmaker[AsyncSession], dispatcher: Dispatcher
) -> None:
    loaded = await load_pack(sessions)
    stranger = ChatDriver(dispatcher, chat_id="3003")
    assert texts(await stranger.press(quiz_start_callback(loaded.quiz_id))) == t(
        "qz_not_subscriber"
    )
    await add_subscriber(sessions, "3003")
    assert texts(await stranger.press("qz:abc")) == t("qz_gone")
    assert texts(await stranger.press(answer_callback(999_999, 0))) == t("qz_gone")
    question = (await _questions(sessions))[0]
    assert texts(await stranger.press(answer_callback(question.id, 7))) == t("qz_gone")
    assert texts(await stranger.text("/ketqua")) == t("qz_result_none")


async def test_contest_window_is_enforced(
    sessions: async_sessionmaker[AsyncSession], dispatcher: Dispatcher
) -> None:
    loaded = await load_pack(sessions)
    await add_subscriber(sessions, "4004")
    chat = ChatDriver(dispatcher, chat_id="4004")
    question = (await _questions(sessions))[0]
    now = utcnow()

    async def window(opens: timedelta, closes: timedelta) -> Quiz:
        async with sessions() as session:
            quiz = await session.get(Quiz, loaded.quiz_id)
            assert quiz is not None
            quiz.is_contest, quiz.opens_at, quiz.closes_at = True, now + opens, now + closes
            await session.commit()
            return quiz

    await window(timedelta(hours=1), timedelta(hours=2))
    replies = await chat.press(answer_callback(question.id, question.correct_index))
    assert "chưa bắt đầu" in texts(replies)
    assert "chưa bắt đầu" in texts(await chat.press(quiz_start_callback(loaded.quiz_id)))

    await window(timedelta(hours=-2), timedelta(hours=-1))
    replies = await chat.press(answer_callback(question.id, question.correct_index))
    assert "đã kết thúc" in texts(replies)

    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(QuizAnswer)) == 0

    await window(timedelta(hours=-1), timedelta(hours=1))
    replies = await chat.press(answer_callback(question.id, question.correct_index))
    assert t("qz_correct") in texts(replies)
