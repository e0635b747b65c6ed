"""Quizzes as Telegram quiz polls: one poll per question, answers mapped back by poll id.

Telegram shows ✅/❌ and the explanation itself. A ``poll_answer`` update carries no chat, only
the poll id: the ``quiz_polls`` table maps it to the question and the subscriber, the answer is
stored like a button answer (the first counts), and the next unanswered question is sent as a new
poll through the delivery port; after the last one, the score as a text message. Polls must be
non-anonymous for Telegram to send ``poll_answer`` updates.
"""

from __future__ import annotations

import logging

from broadcasts.quiz import finished_reply, next_question, record_answer, score_of, window_refusal
from domain.catalogue import t
from domain.delivery import Channel, Delivered, DeliveryPort, describe
from domain.messages import QuizPoll, Reply
from storage.database import Database

log = logging.getLogger(__name__)

CHANNEL = Channel.TELEGRAM  # quiz polls exist on Telegram only
POLL_QUESTION_LIMIT = 300
POLL_OPTION_LIMIT = 100
POLL_EXPLANATION_LIMIT = 200


async def _send_text(delivery: DeliveryPort, chat_id: str, text: str) -> None:
    outcome = await delivery.deliver(CHANNEL, chat_id, Reply(text=text))
    if not isinstance(outcome, Delivered):
        log.info("quiz message to %s not delivered: %s", chat_id, describe(outcome))


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def send_next_poll(
    db: Database,
    delivery: DeliveryPort,
    subscriber_id: int,
    quiz_id: int,
    campaign_id: int | None = None,
) -> bool:
    """Send the first unanswered question as a poll (True), or the score/refusal as text."""
    async with db.uow() as uow:
        subscriber = await uow.subscribers.by_id(subscriber_id)
        quiz = await uow.quizzes.get(quiz_id)
        if subscriber is None or quiz is None:
            log.warning("no subscriber %s or quiz %s for a poll", subscriber_id, quiz_id)
            return False
        chat_id = subscriber.chat_id
        refusal = window_refusal(quiz)
        question, number, total = await next_question(uow, quiz_id, subscriber_id)
        if question is None:
            final = finished_reply(quiz, await score_of(uow, quiz_id, subscriber_id)).text
        else:  # read everything now: the unit of work expires its objects when it ends
            question_id = question.id
            poll = QuizPoll(
                question=_clip(
                    t("qz_poll_question", number=number, total=total, text=question.text),
                    POLL_QUESTION_LIMIT,
                ),
                options=tuple(_clip(str(option), POLL_OPTION_LIMIT) for option in question.options),
                correct_option=question.correct_index,
                explanation=_clip(question.explanation, POLL_EXPLANATION_LIMIT)
                if question.explanation
                else None,
                anonymous=False,  # Telegram reports answers of non-anonymous polls only
            )
    if refusal is not None:
        await _send_text(delivery, chat_id, refusal)
        return False
    if question is None:
        await _send_text(delivery, chat_id, final)
        return False
    outcome = await delivery.deliver(CHANNEL, chat_id, Reply(text=poll.question, quiz=poll))
    poll_id = outcome.poll_id if isinstance(outcome, Delivered) else None
    if poll_id is None:
        log.info("quiz poll to %s not delivered: %s", chat_id, describe(outcome))
        return False
    async with db.uow() as uow:
        uow.quizzes.add_poll(poll_id, question_id, subscriber_id, campaign_id)
        await uow.commit()
    return True


async def start_quiz_polls(
    db: Database,
    delivery: DeliveryPort,
    subscriber_id: int,
    quiz_id: int,
    campaign_id: int | None = None,
) -> bool:
    """Start (or resume) a quiz as polls for one subscriber."""
    return await send_next_poll(db, delivery, subscriber_id, quiz_id, campaign_id)


async def on_poll_answer(
    db: Database,
    delivery: DeliveryPort,
    poll_id: str,
    option_ids: list[int],
    update_key: str | None = None,
) -> None:
    """Store the answer of a ``poll_answer`` update, then send the next poll or the score."""
    async with db.uow() as uow:
        if update_key and await uow.updates.seen(CHANNEL, update_key):
            log.info("poll answer %s already processed; skipped", update_key)
            return
        mapping = await uow.quizzes.poll(poll_id)
        if mapping is None:
            log.info("answer to unknown poll %s skipped", poll_id)
            return
        if not option_ids:  # a retracted vote (never for quiz polls)
            return
        question = await uow.quizzes.question(mapping.question_id)
        subscriber = await uow.subscribers.by_id(mapping.subscriber_id)
        if question is None or subscriber is None:
            log.warning("poll %s maps to a missing question or subscriber", poll_id)
            return
        quiz = await uow.quizzes.get(question.quiz_id)
        assert quiz is not None
        chat_id, quiz_id = subscriber.chat_id, quiz.id
        refusal = window_refusal(quiz)
        if refusal is None:
            await record_answer(uow, question, subscriber.id, int(option_ids[0]))
        if update_key:
            uow.updates.record(CHANNEL, update_key)
        await uow.commit()
    if refusal is not None:
        await _send_text(delivery, chat_id, refusal)
        return
    await send_next_poll(db, delivery, mapping.subscriber_id, quiz_id, mapping.campaign_id)
