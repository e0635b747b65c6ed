"""Quizzes as campaigns carry them: the start button, answers (the first counts) and scores.

Delivery works on every channel. A campaign that carries a quiz (``campaign.quiz_id``) gets one
extra inline button, :func:`quiz_start_button` («Bắt đầu trả lời», callback ``qz:start:<quiz>``),
appended by the sender under the campaign's own buttons. The questions are then answered in the
chat (``handlers.subscriber.quiz_answers``) or as Telegram quiz polls
(:mod:`broadcasts.quiz_polls`); the rules and texts are in :mod:`domain.quiz`, the queries in
``uow.quizzes``, leaderboards in :mod:`broadcasts.quiz_scores`.

A contest (``quiz.is_contest``) only takes answers between ``opens_at`` and ``closes_at``;
any quiz with those set is enforced the same way.
"""

from __future__ import annotations

from datetime import datetime

from domain import quiz as rules
from domain.quiz import Score
from domain.quiz import answer_callback as answer_callback  # re-exported for polls and intro
from domain.quiz import finished_reply as finished_reply
from domain.quiz import quiz_start_button as quiz_start_button
from domain.quiz import quiz_start_callback as quiz_start_callback
from storage.broadcast_models import Quiz, QuizQuestion
from storage.models import utcnow
from storage.uow import UnitOfWork


def window_refusal(quiz: Quiz, now: datetime | None = None) -> str | None:
    """The Vietnamese refusal when answers are not taken now; None when they are."""
    return rules.window_refusal(quiz, now or utcnow())


async def record_answer(
    uow: UnitOfWork,
    question: QuizQuestion,
    subscriber_id: int,
    option_index: int,
    now: datetime | None = None,
) -> bool:
    """Store the answer unless this person already answered the question; True when stored."""
    return await uow.quizzes.record_answer(question, subscriber_id, option_index, now)


async def next_question(
    uow: UnitOfWork, quiz_id: int, subscriber_id: int
) -> tuple[QuizQuestion | None, int, int]:
    """The first unanswered question, its number (1-based) and the number of questions."""
    return await uow.quizzes.next_question(quiz_id, subscriber_id)


async def score_of(uow: UnitOfWork, quiz_id: int, subscriber_id: int) -> Score:
    """Correct answers, answers and questions of one person."""
    return await uow.quizzes.score_of(quiz_id, subscriber_id)
