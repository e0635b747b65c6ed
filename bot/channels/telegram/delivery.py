"""The delivery port over python-telegram-bot's ``Bot``, within one rate budget per bot token.

Every message the product sends on Telegram — replies, staff notices, campaign messages with
photo, buttons or quiz, previews — goes through ``TelegramDelivery.deliver``; platform answers
become typed outcomes (``domain.delivery``) instead of exceptions.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from telegram import Bot, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.request import HTTPXRequest

from bot.channels.telegram.budget import RateBudget
from bot.channels.telegram.markup import render_markup, split_text
from domain.delivery import Blocked, Delivered, Failed, Outcome, Unknown
from domain.delivery import RetryAfter as RetryAfterOutcome
from domain.messages import Reply

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)

CAPTION_LIMIT = 1024


class TelegramDelivery:
    """``DeliveryPort`` for Telegram: one ``Bot``, one ``RateBudget`` (share this object)."""

    def __init__(self, bot: Bot, budget: RateBudget | None = None, *, owns_bot: bool = False):
        self.bot = bot
        self.budget = budget or RateBudget()
        self._owns_bot = owns_bot
        self._photo_ids: dict[str, str] = {}  # cache key -> Telegram file id of the upload

    async def start(self) -> None:
        """Initialise the bot when this object created it."""
        if self._owns_bot:
            await self.bot.initialize()

    async def stop(self) -> None:
        """Shut the bot down when this object created it."""
        if self._owns_bot:
            await self.bot.shutdown()

    async def deliver(self, channel: str, chat_id: str, message: Reply) -> Outcome:
        """Send one message (a long text in several pieces); the outcome of the last call."""
        try:
            chat = int(chat_id)
        except ValueError:
            return Failed(f"not a Telegram chat id: {chat_id[:40]!r}")
        try:
            sent = await self._send(chat, message)
        except RetryAfter as exc:
            seconds = _seconds(exc.retry_after)
            self.budget.pause(seconds)
            return RetryAfterOutcome(seconds, str(exc))
        except Forbidden as exc:
            return Blocked(str(exc))
        except TimedOut as exc:
            return Unknown(f"timeout: {exc}")
        except BadRequest as exc:
            return Failed(f"400: {exc}")
        except NetworkError as exc:  # 5xx answers and refused connections: nothing was sent
            return Failed(f"network: {exc}", transient=True)
        except TelegramError as exc:
            return Failed(str(exc))
        poll_id = sent.poll.id if sent.poll is not None else None
        return Delivered(message_id=str(sent.message_id), poll_id=poll_id)

    async def _send(self, chat: int, message: Reply) -> Message:
        if message.quiz is not None:
            quiz = message.quiz
            await self.budget.acquire(chat)
            return await self.bot.send_poll(
                chat_id=chat,
                question=quiz.question,
                options=list(quiz.options),
                type="quiz",
                correct_option_id=quiz.correct_option,  # type: ignore[arg-type]
                explanation=quiz.explanation,
                is_anonymous=quiz.anonymous,
                reply_markup=render_markup(message),
            )
        if message.photo is not None:
            return await self._send_photo(chat, message)
        pieces = split_text(message.text)
        sent: Message | None = None
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            await self.budget.acquire(chat)
            sent = await self.bot.send_message(
                chat_id=chat,
                text=piece,
                parse_mode=message.parse_mode,
                reply_markup=render_markup(message) if last else None,
            )
        assert sent is not None, "a message has text"
        return sent

    async def _send_photo(self, chat: int, message: Reply) -> Message:
        photo = message.photo
        assert photo is not None
        key = photo.cache_key
        cached = self._photo_ids.get(key) if key else None
        await self.budget.acquire(chat)
        sent = await self.bot.send_photo(
            chat_id=chat,
            photo=cached or photo.content,
            caption=message.text or None,
            parse_mode=message.parse_mode,
            reply_markup=render_markup(message),
        )
        if key and cached is None and sent.photo:
            self._photo_ids[key] = sent.photo[-1].file_id
        return sent


def _seconds(value: object) -> float:
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]


def for_settings(settings: Settings) -> TelegramDelivery:
    """A delivery adapter with its own ``Bot`` for a command (not the running service)."""
    assert settings.telegram_bot_token is not None
    bot = Bot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.file_base_url,
        request=HTTPXRequest(connection_pool_size=64),
    )
    budget = RateBudget(rate=settings.broadcast_rate_per_second)
    return TelegramDelivery(bot, budget, owns_bot=True)
