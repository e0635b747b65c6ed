"""Telegram quiz polls through python-telegram-bot: the PollSender and the poll_answer route."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot, Poll, Update

from broadcasts.quiz_polls import on_poll_answer

PollAnswerFn = Callable[[Update], Awaitable[None]]


class TelegramQuizPolls:
    """PollSender over a PTB Bot."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_quiz_poll(
        self,
        chat_id: str,
        question: str,
        options: list[str],
        correct_index: int,
        explanation: str | None,
    ) -> str:
        """A non-anonymous quiz poll (so that Telegram reports each answer); its poll id."""
        message = await self.bot.send_poll(
            chat_id=int(chat_id),
            question=question,
            options=options,
            type=Poll.QUIZ,
            correct_option_ids=[correct_index],  # type: ignore[list-item]  # 0-11 by construction
            explanation=explanation,
            is_anonymous=False,
        )
        assert message.poll is not None
        return message.poll.id

    async def send_text(self, chat_id: str, text: str) -> None:
        """A plain message."""
        await self.bot.send_message(chat_id=int(chat_id), text=text)


def poll_answer_handler(sessions: async_sessionmaker[AsyncSession], bot: Bot) -> PollAnswerFn:
    """What the Telegram adapter calls for a ``poll_answer`` update."""
    polls = TelegramQuizPolls(bot)

    async def handle(update: Update) -> None:
        answer = update.poll_answer
        if answer is None:
            return
        await on_poll_answer(
            sessions, polls, answer.poll_id, list(answer.option_ids), str(update.update_id)
        )

    return handle
