"""Quizzes and the contest: questions as inline buttons, answers (the first counts), scores.

Delivery works on every channel. A campaign that carries a quiz (``campaign.quiz_id``) gets one
extra inline button, :func:`quiz_start_button` («Bắt đầu trả lời», callback ``qz:start:<quiz>``),
appended by the sender under the campaign's own buttons. Pressing it (or calling
:func:`start_quiz`) shows the first unanswered question; each question message has one button
per option with callback data ``qz:<question_id>:<option_index>``. An answer is stored once
(unique per question and subscriber; later presses do not change the score), answered with
✅/❌ and the explanation, then the next question follows; after the last, the score.

A contest (``quiz.is_contest``) only takes answers between ``opens_at`` and ``closes_at``;
any quiz with those set is enforced the same way. Telegram quiz polls are in
:mod:`broadcasts.quiz_polls`; leaderboards in :mod:`broadcasts.quiz_scores`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from domain.catalogue import format_datetime, t
from domain.messages import Button, Reply
from storage.broadcast_models import Quiz, QuizAnswer, QuizQuestion, Subscriber
from storage.models import utcnow
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

CALLBACK_PREFIX = "qz:"
START_PREFIX = "qz:start:"
LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class Score:
    """One person's result in one quiz."""

    score: int
    answered: int
    total: int
    last_answer_at: datetime | None


def quiz_start_callback(quiz_id: int) -> str:
    """Callback data of the «Bắt đầu trả lời» button."""
    return f"{START_PREFIX}{quiz_id}"


def quiz_start_button(quiz_id: int) -> Button:
    """The button a campaign carrying this quiz gets (the sender appends it as its own row)."""
    return Button(text=t("qz_start_button"), callback_data=quiz_start_callback(quiz_id))


def answer_callback(question_id: int, option_index: int) -> str:
    """Callback data of an option button (well under Telegram's 64 bytes)."""
    return f"{CALLBACK_PREFIX}{question_id}:{option_index}"


def parse_callback(data: str) -> tuple[str, int, int] | None:
    """``("start", quiz_id, 0)`` or ``("answer", question_id, option)``; None when malformed."""
    if data.startswith(START_PREFIX):
        rest = data.removeprefix(START_PREFIX)
        return ("start", int(rest), 0) if rest.isdigit() else None
    parts = data.removeprefix(CALLBACK_PREFIX).split(":")
    if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
        return ("answer", int(parts[0]), int(parts[1]))
    return None


async def get_quiz_by_code(uow: UnitOfWork, code: str) -> Quiz | None:
    """The quiz with this code."""
    return (await uow.session.execute(select(Quiz).where(Quiz.code == code))).scalar_one_or_none()


async def quiz_questions(uow: UnitOfWork, quiz_id: int) -> list[QuizQuestion]:
    """A quiz's questions in order."""
    stmt = select(QuizQuestion).where(QuizQuestion.quiz_id == quiz_id)
    return list((await uow.session.scalars(stmt.order_by(QuizQuestion.position))).all())


async def find_subscriber(uow: UnitOfWork, channel: str, chat_id: str) -> Subscriber | None:
    """The subscriber of this chat, whatever their status."""
    stmt = select(Subscriber).where(Subscriber.channel == channel, Subscriber.chat_id == chat_id)
    return (await uow.session.execute(stmt)).scalar_one_or_none()


def window_refusal(quiz: Quiz, now: datetime | None = None) -> str | None:
    """The Vietnamese refusal when answers are not taken now; None when they are."""
    now = now or utcnow()
    if quiz.opens_at is not None and now < quiz.opens_at:
        return t("qz_not_open", title=quiz.title, opens=format_datetime(quiz.opens_at))
    if quiz.closes_at is not None and now >= quiz.closes_at:
        return t("qz_closed", title=quiz.title, closes=format_datetime(quiz.closes_at))
    return None


async def record_answer(
    uow: UnitOfWork,
    question: QuizQuestion,
    subscriber_id: int,
    option_index: int,
    now: datetime | None = None,
) -> bool:
    """Store the answer unless this person already answered the question; True when stored.

    An INSERT … ON CONFLICT DO NOTHING, so two concurrent first answers (a button and a poll)
    never fail: exactly one is kept.
    """
    values = {
        "quiz_id": question.quiz_id,
        "question_id": question.id,
        "subscriber_id": subscriber_id,
        "option_index": option_index,
        "correct": option_index == question.correct_index,
        "answered_at": now or utcnow(),
    }
    dialect = uow.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = (
        insert(QuizAnswer)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["question_id", "subscriber_id"])
    )
    result = await uow.session.execute(stmt)
    return bool(getattr(result, "rowcount", 0))


async def answered_ids(uow: UnitOfWork, quiz_id: int, subscriber_id: int) -> set[int]:
    """Questions of this quiz the person answered."""
    stmt = select(QuizAnswer.question_id).where(
        QuizAnswer.quiz_id == quiz_id, QuizAnswer.subscriber_id == subscriber_id
    )
    return set((await uow.session.scalars(stmt)).all())


async def next_question(
    uow: UnitOfWork, quiz_id: int, subscriber_id: int
) -> tuple[QuizQuestion | None, int, int]:
    """The first unanswered question, its number (1-based) and the number of questions."""
    questions = await quiz_questions(uow, quiz_id)
    done = await answered_ids(uow, quiz_id, subscriber_id)
    for number, question in enumerate(questions, start=1):
        if question.id not in done:
            return question, number, len(questions)
    return None, len(questions), len(questions)


async def score_of(uow: UnitOfWork, quiz_id: int, subscriber_id: int) -> Score:
    """Correct answers, answers and questions of one person."""
    stmt = select(
        func.coalesce(func.sum(case((QuizAnswer.correct, 1), else_=0)), 0),
        func.count(QuizAnswer.id),
        func.max(QuizAnswer.answered_at),
    ).where(QuizAnswer.quiz_id == quiz_id, QuizAnswer.subscriber_id == subscriber_id)
    correct, answered, last = (await uow.session.execute(stmt)).one()
    total = await uow.session.scalar(
        select(func.count(QuizQuestion.id)).where(QuizQuestion.quiz_id == quiz_id)
    )
    return Score(int(correct or 0), int(answered or 0), int(total or 0), last)


def question_reply(question: QuizQuestion, number: int, total: int) -> Reply:
    """The question with lettered options in the text and one button per option."""
    options = [str(o) for o in question.options]
    lines = "\n".join(
        t("qz_option_line", letter=LETTERS[i], text=text) for i, text in enumerate(options)
    )
    buttons = [
        Button(text=LETTERS[i], callback_data=answer_callback(question.id, i))
        for i in range(len(options))
    ]
    text = t("qz_question", number=number, total=total, text=question.text, options=lines)
    return Reply(text=text, buttons=[buttons])


def feedback_text(question: QuizQuestion, option_index: int) -> str:
    """✅ or ❌ with the right answer, then the explanation."""
    if option_index == question.correct_index:
        verdict = t("qz_correct")
    else:
        right = question.correct_index
        verdict = t("qz_wrong", letter=LETTERS[right], answer=question.options[right])
    if question.explanation:
        return f"{verdict}\n{t('qz_explanation', text=question.explanation)}"
    return verdict


def finished_reply(quiz: Quiz, score: Score) -> Reply:
    """The final score."""
    text = t("qz_finished", title=quiz.title, score=score.score, total=score.total)
    return Reply(text=f"{text}\n{t('qz_finished_hint')}")


async def continue_quiz(uow: UnitOfWork, quiz: Quiz, subscriber_id: int) -> list[Reply]:
    """The next unanswered question, or the final score when all are answered."""
    question, number, total = await next_question(uow, quiz.id, subscriber_id)
    if question is not None:
        return [question_reply(question, number, total)]
    return [finished_reply(quiz, await score_of(uow, quiz.id, subscriber_id))]


async def start_quiz(
    uow: UnitOfWork, subscriber_id: int, quiz_id: int, now: datetime | None = None
) -> list[Reply]:
    """What to show when someone starts (or resumes) a quiz; for handlers and the sender."""
    quiz = await uow.session.get(Quiz, quiz_id)
    if quiz is None:
        return [Reply(text=t("qz_gone"))]
    refusal = window_refusal(quiz, now)
    if refusal is not None:
        return [Reply(text=refusal)]
    return await continue_quiz(uow, quiz, subscriber_id)


async def answer_question(
    uow: UnitOfWork,
    subscriber_id: int,
    question_id: int,
    option_index: int,
    now: datetime | None = None,
) -> list[Reply]:
    """Store a button answer (first counts) and answer with feedback and what comes next."""
    question = await uow.session.get(QuizQuestion, question_id)
    if question is None or not 0 <= option_index < len(question.options):
        return [Reply(text=t("qz_gone"))]
    quiz = await uow.session.get(Quiz, question.quiz_id)
    assert quiz is not None
    refusal = window_refusal(quiz, now)
    if refusal is not None:
        return [Reply(text=refusal)]
    if not await record_answer(uow, question, subscriber_id, option_index, now):
        return [Reply(text=t("qz_already")), *await continue_quiz(uow, quiz, subscriber_id)]
    return [
        Reply(text=feedback_text(question, option_index)),
        *await continue_quiz(uow, quiz, subscriber_id),
    ]
