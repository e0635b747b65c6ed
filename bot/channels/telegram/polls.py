"""The ``poll_answer`` route: Telegram reports a quiz poll answer, the quiz carries on."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from broadcasts.quiz_polls import on_poll_answer
from domain.delivery import DeliveryPort
from storage.database import Database

PollAnswerFn = Callable[[Update], Awaitable[None]]


def poll_answer_handler(db: Database, delivery: DeliveryPort) -> PollAnswerFn:
    """What the Telegram adapter calls for a ``poll_answer`` update (the next poll or the
    score goes out through ``delivery``)."""

    async def handle(update: Update) -> None:
        answer = update.poll_answer
        if answer is None:
            return
        await on_poll_answer(
            db, delivery, answer.poll_id, list(answer.option_ids), str(update.update_id)
        )

    return handle
