"""Quiz answers in the chat: ``qz:`` button presses and ``/ketqua`` (own score and rank).

Both are open to subscribers (people who subscribed or were imported or invited), whether or not
they went through the reporting consent: the quiz belongs to the campaigns they receive. Pressing
«Bắt đầu trả lời» shows the first unanswered question; an answer is stored once (later presses do
not change the score), answered with ✅/❌ and the explanation, then the next question follows;
after the last, the score.
"""

from __future__ import annotations

import logging
from datetime import datetime

from domain.catalogue import t
from domain.messages import Reply
from domain.quiz import (
    feedback_text,
    finished_reply,
    is_quiz_callback,
    parse_callback,
    question_reply,
    window_refusal,
)
from handlers.chat.turn import Turn
from storage.broadcast_models import Quiz
from storage.models import utcnow
from storage.uow import UnitOfWork

__all__ = [
    "QUIZ_COMMAND",
    "answer_question",
    "is_quiz_callback",
    "on_quiz_callback",
    "quiz_result",
    "start_quiz",
]

log = logging.getLogger(__name__)

QUIZ_COMMAND = "ketqua"


async def _continue(uow: UnitOfWork, quiz: Quiz, subscriber_id: int) -> list[Reply]:
    """The next unanswered question, or the final score when all are answered."""
    question, number, total = await uow.quizzes.next_question(quiz.id, subscriber_id)
    if question is not None:
        return [question_reply(question, number, total)]
    return [finished_reply(quiz, await uow.quizzes.score_of(quiz.id, subscriber_id))]


async def start_quiz(
    uow: UnitOfWork, subscriber_id: int, quiz_id: int, now: datetime | None = None
) -> list[Reply]:
    """What to show when someone starts (or resumes) a quiz."""
    quiz = await uow.quizzes.get(quiz_id)
    if quiz is None:
        return [Reply(text=t("qz_gone"))]
    refusal = window_refusal(quiz, now or utcnow())
    if refusal is not None:
        return [Reply(text=refusal)]
    return await _continue(uow, quiz, subscriber_id)


async def answer_question(
    uow: UnitOfWork,
    subscriber_id: int,
    question_id: int,
    option_index: int,
    now: datetime | None = None,
) -> list[Reply]:
    """Store a button answer (first counts) and answer with feedback and what comes next."""
    question = await uow.quizzes.question(question_id)
    if question is None or not 0 <= option_index < len(question.options):
        return [Reply(text=t("qz_gone"))]
    quiz = await uow.quizzes.get(question.quiz_id)
    assert quiz is not None
    refusal = window_refusal(quiz, now or utcnow())
    if refusal is not None:
        return [Reply(text=refusal)]
    if not await uow.quizzes.record_answer(question, subscriber_id, option_index, now):
        return [Reply(text=t("qz_already")), *await _continue(uow, quiz, subscriber_id)]
    return [
        Reply(text=feedback_text(question, option_index)),
        *await _continue(uow, quiz, subscriber_id),
    ]


async def on_quiz_callback(turn: Turn) -> list[Reply]:
    """A press on «Bắt đầu trả lời» or on an option."""
    incoming = turn.incoming
    parsed = parse_callback(incoming.callback_data or "")
    if parsed is None:
        log.info("malformed quiz callback %r from %s", incoming.callback_data, incoming.chat_id)
        return [Reply(text=t("qz_gone"))]
    subscriber = await turn.uow.subscribers.get(incoming.channel, incoming.chat_id)
    if subscriber is None:
        return [Reply(text=t("qz_not_subscriber"))]
    kind, ident, option = parsed
    if kind == "start":
        return await start_quiz(turn.uow, subscriber.id, ident)
    return await answer_question(turn.uow, subscriber.id, ident, option)


async def quiz_result(turn: Turn) -> list[Reply]:
    """``/ketqua [code]``: score and rank in the named quiz, else the one answered last."""
    incoming = turn.incoming
    uow = turn.uow
    subscriber = await uow.subscribers.get(incoming.channel, incoming.chat_id)
    if subscriber is None:
        return [Reply(text=t("qz_not_subscriber"))]
    code = incoming.args.strip()
    if code:
        quiz = await uow.quizzes.by_code(code)
    else:
        quiz = await uow.quizzes.last_answered_quiz(subscriber.id)
    if quiz is None:
        return [Reply(text=t("qz_result_none"))]
    score = await uow.quizzes.score_of(quiz.id, subscriber.id)
    if score.answered == 0:
        return [Reply(text=t("qz_result_none"))]
    lines = [
        t(
            "qz_result",
            title=quiz.title,
            score=score.score,
            total=score.total,
            answered=score.answered,
        )
    ]
    ranked = await uow.quizzes.rank_of(quiz.id, subscriber.id)
    if ranked is not None:
        lines.append(t("qz_result_rank", rank=ranked[0], participants=ranked[1]))
    return [Reply(text="\n".join(lines))]
