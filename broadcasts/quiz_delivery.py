"""The quiz intro a campaign carrying a quiz sends after it reached a chat."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from broadcasts.quiz import quiz_start_button
from domain.catalogue import t
from storage.broadcast_models import Quiz

log = logging.getLogger(__name__)


async def send_quiz_intro(
    *,
    api: Any,
    limits: Any,
    engine: AsyncEngine,
    campaign_id: int,
    quiz_id: int,
    subscriber_id: int,
    chat_id: int,
) -> bool:
    """Called by the sender after a campaign carrying a quiz reached a chat: one message with
    the «Bắt đầu trả lời» button, within the sender's limits. True when it was delivered."""
    async with engine.connect() as conn:
        title = (await conn.execute(select(Quiz.title).where(Quiz.id == quiz_id))).scalar()
    if title is None:
        log.warning("campaign %s carries quiz %s, which does not exist", campaign_id, quiz_id)
        return False
    button = quiz_start_button(quiz_id)
    await limits.acquire(chat_id)
    result = await api.call(
        "sendMessage",
        {
            "chat_id": chat_id,
            "text": t("qz_intro", title=title),
            "reply_markup": {
                "inline_keyboard": [[{"text": button.text, "callback_data": button.callback_data}]]
            },
        },
    )
    if not result.ok:
        log.info("quiz intro to subscriber %s failed: %s", subscriber_id, result.description)
    return bool(result.ok)
