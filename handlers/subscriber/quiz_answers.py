"""Quiz answers in the chat: ``qz:`` button presses and ``/ketqua`` (own score and rank).

Both are open to subscribers (people who subscribed or were imported or invited), whether or not
they went through the reporting consent: the quiz belongs to the campaigns they receive.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from broadcasts.quiz import (
    CALLBACK_PREFIX,
    answer_question,
    find_subscriber,
    parse_callback,
    score_of,
    start_quiz,
)
from broadcasts.quiz_scores import rank_of
from domain.catalogue import t
from domain.messages import Reply
from handlers.chat.turn import Turn
from storage.broadcast_models import Quiz, QuizAnswer

log = logging.getLogger(__name__)

QUIZ_COMMAND = "ketqua"


def is_quiz_callback(data: str | None) -> bool:
    """True for the buttons this module handles."""
    return (data or "").startswith(CALLBACK_PREFIX)


async def on_quiz_callback(turn: Turn) -> list[Reply]:
    """A press on «Bắt đầu trả lời» or on an option."""
    incoming = turn.incoming
    parsed = parse_callback(incoming.callback_data or "")
    if parsed is None:
        log.info("malformed quiz callback %r from %s", incoming.callback_data, incoming.chat_id)
        return [Reply(text=t("qz_gone"))]
    subscriber = await find_subscriber(turn.uow, incoming.channel, incoming.chat_id)
    if subscriber is None:
        return [Reply(text=t("qz_not_subscriber"))]
    kind, ident, option = parsed
    if kind == "start":
        return await start_quiz(turn.uow, subscriber.id, ident)
    return await answer_question(turn.uow, subscriber.id, ident, option)


async def quiz_result(turn: Turn) -> list[Reply]:
    """``/ketqua [code]``: score and rank in the named quiz, else the one answered last."""
    incoming = turn.incoming
    subscriber = await find_subscriber(turn.uow, incoming.channel, incoming.chat_id)
    if subscriber is None:
        return [Reply(text=t("qz_not_subscriber"))]
    session = turn.uow.session
    code = incoming.args.strip()
    if code:
        quiz = (await session.execute(select(Quiz).where(Quiz.code == code))).scalar_one_or_none()
    else:
        latest = (
            select(QuizAnswer.quiz_id)
            .where(QuizAnswer.subscriber_id == subscriber.id)
            .order_by(QuizAnswer.answered_at.desc(), QuizAnswer.id.desc())
            .limit(1)
        )
        quiz_id = await session.scalar(latest)
        quiz = await session.get(Quiz, quiz_id) if quiz_id is not None else None
    if quiz is None:
        return [Reply(text=t("qz_result_none"))]
    score = await score_of(turn.uow, quiz.id, subscriber.id)
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
    ranked = await rank_of(turn.uow, quiz.id, subscriber.id)
    if ranked is not None:
        lines.append(t("qz_result_rank", rank=ranked[0], participants=ranked[1]))
    return [Reply(text="\n".join(lines))]
