"""The quiz intro: the «Bắt đầu trả lời» message a campaign carrying a quiz is followed by."""

from __future__ import annotations

import logging

from broadcasts.message import quiz_intro
from domain.delivery import Delivered, DeliveryPort, describe
from storage.database import Database

log = logging.getLogger(__name__)


async def send_quiz_intro(
    db: Database, delivery: DeliveryPort, *, quiz_id: int, channel: str, chat_id: str
) -> bool:
    """Deliver the quiz intro to one chat; True when it was delivered."""
    async with db.uow() as uow:
        quiz = await uow.quizzes.get(quiz_id)
        title = quiz.title if quiz is not None else None
    if title is None:
        log.warning("quiz %s does not exist; no intro sent", quiz_id)
        return False
    outcome = await delivery.deliver(channel, chat_id, quiz_intro(quiz_id, title))
    if not isinstance(outcome, Delivered):
        log.info("quiz intro to %s:%s: %s", channel, chat_id, describe(outcome))
    return isinstance(outcome, Delivered)
